namespace Podvisor.Cli.Run;

/// <summary>A piece of a live-view line; <paramref name="Style"/> is Spectre.Console style text, ignored without colour.</summary>
internal readonly record struct LiveSpan(string Text, string? Style = null);
