namespace Podvisor.Engine.Images;

/// <summary>
/// What the process runtime knows of an image: the parts of an OCI image config that decide how its
/// container starts and stops (DESIGN principle 6).
/// </summary>
internal sealed record ImageConfig(
    string Name,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    string? WorkingDir,
    string? StopSignal);
