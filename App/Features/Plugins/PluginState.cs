using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorAuth.Features.Plugins;

public sealed class PluginState
{
    public required string Name { get; set; }

    public bool Enabled { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class PluginStateConfiguration : IEntityTypeConfiguration<PluginState>
{
    public void Configure(EntityTypeBuilder<PluginState> plugin)
    {
        plugin.ToTable("Plugins");
        plugin.HasKey(p => p.Name);
        plugin.Property(p => p.Name).HasMaxLength(64);
    }
}
