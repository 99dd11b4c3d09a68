namespace BlazorAuth.Features.Audit;

public sealed class AuditText;
