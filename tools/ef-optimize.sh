#!/usr/bin/env bash
# Regenerates the EF compiled models (App/Infrastructure/Data/CompiledModels/<Provider>) the app runs on, for the three
# contexts. Run it after every model change, next to `dotnet ef migrations add`: App.Tests' CompiledModelTests fails
# while a compiled model differs from the model the code builds. Uses the Release build, like the migrations commands.
#   tools/ef-optimize.sh [--no-build]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[ "${1:-}" = --no-build ] || dotnet build App -c Release --nologo -v q
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer PostgreSql; do
  out="Infrastructure/Data/CompiledModels/$provider"
  rm -rf "App/$out" # a removed entity type must not leave its file behind
  dotnet ef dbcontext optimize --context "${provider}AppDbContext" --project App --configuration Release --no-build \
    --output-dir "$out" --namespace "BlazorAuth.Infrastructure.Data.CompiledModels.$provider"
done
echo "Regenerated App/Infrastructure/Data/CompiledModels; rebuild, then run the CompiledModelTests." >&2
