using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorAuth.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Authenticators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Authenticators",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Sort = table.Column<int>(type: "INTEGER", nullable: false),
                    OptionsJson = table.Column<string>(type: "TEXT", nullable: false),
                    ProtectedSecrets = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Authenticators", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Plugins",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Plugins", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "UserBindings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AuthenticatorId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    UnionId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    OpenId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Nick = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    AvatarUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    FirstSignInAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSignInAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserBindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UserBindings_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_UserBindings_Authenticators_AuthenticatorId",
                        column: x => x.AuthenticatorId,
                        principalTable: "Authenticators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Authenticators_Name",
                table: "Authenticators",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Authenticators_Sort",
                table: "Authenticators",
                column: "Sort");

            migrationBuilder.CreateIndex(
                name: "IX_UserBindings_AuthenticatorId_UnionId",
                table: "UserBindings",
                columns: new[] { "AuthenticatorId", "UnionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UserBindings_AuthenticatorId_UserId",
                table: "UserBindings",
                columns: new[] { "AuthenticatorId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UserBindings_UserId",
                table: "UserBindings",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Plugins");

            migrationBuilder.DropTable(
                name: "UserBindings");

            migrationBuilder.DropTable(
                name: "Authenticators");
        }
    }
}
