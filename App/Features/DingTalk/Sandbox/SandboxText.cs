namespace BlazorAuth.Features.DingTalk.Sandbox;

public sealed class SandboxText;
