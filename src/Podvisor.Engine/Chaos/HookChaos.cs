namespace Podvisor.Engine.Chaos;

/// <summary>What chaos does to one hook run; <see cref="None"/> runs it as the kubelet does.</summary>
/// <param name="RunTwice">Run the handler a second time once the first run has succeeded.</param>
/// <param name="BeforeEntrypoint">Hold the container's entrypoint until the handler has begun.</param>
/// <param name="DropRequest">Do not send the httpGet request; fail as a refused connection.</param>
internal sealed record HookChaos(bool RunTwice, bool BeforeEntrypoint, bool DropRequest)
{
    public static readonly HookChaos None = new(false, false, false);

    public bool IsNone => this == None;
}
