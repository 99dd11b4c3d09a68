using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorAuth.Infrastructure.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            // Before this column an administrator's lock was a LockoutEnd in the far future (DateTimeOffset.MaxValue);
            // it becomes the explicit lock, and LockoutEnd keeps only the timed lockout. The number is year 9000 in
            // the DateTimeOffsetToBinaryConverter form SQLite stores LockoutEnd in.
            migrationBuilder.Sql("""
                UPDATE "AspNetUsers" SET "LockedByAdminAt" = strftime('%Y-%m-%d %H:%M:%f', 'now'), "LockoutEnd" = NULL
                WHERE "LockoutEnd" >= 5815930650624000000;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE "AspNetUsers" SET "LockoutEnd" = 6462216142847997952, "LockoutEnabled" = 1
                WHERE "LockedByAdminAt" IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "LockedByAdminAt",
                table: "AspNetUsers");
        }
    }
}
