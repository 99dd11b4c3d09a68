using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorAuth.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AdminLock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LockedByAdminAt",
                table: "AspNetUsers",
                type: "datetime2",
                nullable: true);

            // Before this column an administrator's lock was a LockoutEnd in the far future (DateTimeOffset.MaxValue);
            // it becomes the explicit lock, and LockoutEnd keeps only the timed lockout. EXEC, because the idempotent
            // script runs this in the batch that adds the column, and SQL Server compiles a batch before running it.
            migrationBuilder.Sql("""
                EXEC(N'UPDATE [AspNetUsers] SET [LockedByAdminAt] = SYSUTCDATETIME(), [LockoutEnd] = NULL
                WHERE [LockoutEnd] >= ''9000-01-01T00:00:00+00:00''');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                EXEC(N'UPDATE [AspNetUsers] SET [LockoutEnd] = ''9999-12-31T23:59:59.9999999+00:00'', [LockoutEnabled] = 1
                WHERE [LockedByAdminAt] IS NOT NULL');
                """);

            migrationBuilder.DropColumn(
                name: "LockedByAdminAt",
                table: "AspNetUsers");
        }
    }
}
