# The same image as `dotnet publish App -t:PublishContainer` (see App/App.csproj), for those who build with Docker.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish App -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /out .
# The database and the generated first password live on the volume; the non-root "app" user (UID 1654) owns it.
RUN mkdir -p /data && chown app:app /data
VOLUME /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__Default="Data Source=/data/blazorauth.db" \
    Admin__DataDirectory=/data
EXPOSE 8080
USER app
# No HEALTHCHECK: the base image has no HTTP client; orchestrators probe /healthz/live and /healthz/ready.
ENTRYPOINT ["dotnet", "App.dll"]
