using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Infrastructure.Data;

public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options);
