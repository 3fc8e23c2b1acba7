namespace Podvisor.Engine.Lint;

internal enum LintedContainerKind
{
    Init,
    Sidecar,
    Regular,
}
