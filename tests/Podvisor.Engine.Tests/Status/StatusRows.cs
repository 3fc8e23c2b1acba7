using System.Globalization;
using k8s.Models;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Status;

namespace Podvisor.Engine.Tests.Status;

/// <summary>
/// Turns a table row's compact pod into the rules' inputs, so each row reads like the kubelet's own tests. A pod is
/// tokens separated by spaces, <c>KIND:STATE</c>: KIND is <c>i</c> (init container), <c>s</c> (sidecar) or <c>c</c>
/// (regular container), named by kind and position (<c>i0</c>, <c>s0</c>, <c>c0</c>, <c>c1</c>). STATE is <c>run</c>
/// (running, started), <c>ready</c> (and ready), <c>run-</c> (running, not started yet), <c>wait</c> (waiting, never
/// ran), <c>wait/N</c> (waiting, last terminated with exit code N), <c>exitN</c> (terminated with exit code N).
/// </summary>
internal static class StatusRows
{
    /// <summary>When the status rows' pods started; every instant in a row counts from here.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The generator's input for <paramref name="records"/>, ten seconds after <see cref="T0"/>, every image <c>busybox</c>.</summary>
    public static PodStatusInput Input(PodDefinition pod, IReadOnlyList<ContainerRecord> records, V1PodStatus? previous, bool terminal) => new(
        pod,
        records,
        previous,
        terminal,
        StartTime: T0,
        Now: T0.AddSeconds(10),
        HostIp: "10.0.0.1",
        PodIp: "10.0.0.2",
        QosClass: "BestEffort",
        Images: records.ToDictionary(r => r.Name, _ => ("busybox", "sha256:abc")));

    public static PodDefinition Pod(string tokens, string restartPolicy = "Always")
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default", Uid = "uid" },
            Spec = new V1PodSpec { RestartPolicy = restartPolicy, InitContainers = [], Containers = [] },
        };
        foreach (var (kind, name, _) in Parse(tokens))
        {
            var container = new V1Container { Name = name, Image = "busybox" };
            if (kind == ContainerKind.Regular)
            {
                pod.Spec.Containers.Add(container);
            }
            else
            {
                container.RestartPolicy = kind == ContainerKind.Sidecar ? "Always" : null;
                pod.Spec.InitContainers.Add(container);
            }
        }

        return PodDefinition.From(pod);
    }

    public static List<(ContainerKind Kind, V1ContainerStatus Status)> Statuses(string tokens) =>
        Parse(tokens).Select(t => (t.Kind, StatusOf(t.Kind, t.Name, t.State))).ToList();

    /// <summary>The tokens in the engine's order (init containers first, then regular ones), each with its name.</summary>
    public static List<(ContainerKind Kind, string Name, string State)> Parse(string tokens)
    {
        var parsed = tokens.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(token =>
        {
            var (kind, state) = (token.Split(':')[0], token.Split(':')[1]);
            return (Kind: kind switch
            {
                "i" => ContainerKind.Init,
                "s" => ContainerKind.Sidecar,
                "c" => ContainerKind.Regular,
                _ => throw new ArgumentException($"unknown container kind '{kind}' in '{token}'", nameof(tokens)),
            }, Letter: kind, State: state);
        }).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var named = parsed.Select(p =>
        {
            var index = counts.GetValueOrDefault(p.Letter);
            counts[p.Letter] = index + 1;
            return (p.Kind, Name: p.Letter + index.ToString(CultureInfo.InvariantCulture), p.State);
        });
        return named.OrderBy(p => p.Kind == ContainerKind.Regular ? 1 : 0).ToList();
    }

    private static V1ContainerStatus StatusOf(ContainerKind kind, string name, string state)
    {
        var status = new V1ContainerStatus { Name = name, LastState = new V1ContainerState(), Started = false, Ready = false };
        if (state is "run" or "ready" or "run-")
        {
            status.State = new V1ContainerState { Running = new V1ContainerStateRunning() };
            status.Started = state != "run-";
            status.Ready = state == "ready";
        }
        else if (state == "wait")
        {
            status.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };
        }
        else if (state.StartsWith("wait/", StringComparison.Ordinal))
        {
            status.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } };
            status.LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = ExitCode(state["wait/".Length..]) } };
        }
        else if (state.StartsWith("exit", StringComparison.Ordinal))
        {
            var exitCode = ExitCode(state["exit".Length..]);
            status.State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode } };
            status.Ready = kind == ContainerKind.Init && exitCode == 0;
        }
        else
        {
            throw new ArgumentException($"unknown container state '{state}'", nameof(state));
        }

        return status;
    }

    private static int ExitCode(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
