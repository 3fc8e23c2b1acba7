namespace Podvisor.Engine.Admission;

/// <summary>One manifest document stream: a file's text, or standard input's.</summary>
/// <param name="DisplayName">The path as the user gave it, or <c>-</c> for standard input; used in error messages.</param>
public sealed record ManifestSource(string DisplayName, string Content);
