using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Lint;

/// <summary>One workload's pod template: its document (for line numbers), its name, the pod to lint or why there is none.</summary>
internal sealed record WorkloadTemplate(YamlNode Document, string? Name, V1Pod? Pod, IReadOnlyList<string> Errors);
