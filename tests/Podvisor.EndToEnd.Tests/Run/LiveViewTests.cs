using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Cli.Run;
using Podvisor.Engine.Runtime;

namespace Podvisor.EndToEnd.Tests.Run;

public sealed class LiveViewTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly StringWriter _stderr = new();

    [Fact]
    public async Task ConcurrentReports_AllWrittenOnce_EachWorkersInOrder()
    {
        var pods = Enumerable.Range(0, 4).Select(i => Pod($"p{i}", "app")).ToList();
        var view = new LiveView(Console(color: false), new LiveLineFormatter(_time, pods));

        await Task.WhenAll(pods.Select((pod, worker) => Task.Run(() =>
        {
            for (var n = 0; n < 200; n++)
            {
                view.OnLogLine(new ContainerLogLine("default", pod.Metadata.Name, "app", _time.GetUtcNow(), LogStream.Stdout, $"line {n}"));
            }
        })));
        await view.CompleteAsync();

        var lines = _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(800, lines.Length);
        foreach (var pod in pods)
        {
            var numbers = lines.Where(line => line.Contains($"{pod.Metadata.Name}/app |", StringComparison.Ordinal))
                .Select(line => int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, 200), numbers);
        }
    }

    [Fact]
    public async Task PodStatus_OnlyPhaseTransitionsShown()
    {
        var view = new LiveView(Console(color: false), new LiveLineFormatter(_time, [Pod("web", "app")]));

        foreach (var phase in new[] { "Pending", "Pending", "Running", "Running", "Succeeded" })
        {
            view.OnPodStatus(new V1Pod { Metadata = new V1ObjectMeta { Name = "web" }, Status = new V1PodStatus { Phase = phase } });
        }

        await view.CompleteAsync();
        view.OnEvent(new Corev1Event { Reason = "TooLate" }); // after completion: dropped, not thrown

        Assert.Equal(
            ["pod/web > phase Pending", "pod/web > phase Pending → Running", "pod/web > phase Running → Succeeded"],
            _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim()[8..].Replace("  ", " ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Colour_EveryPaletteEntryIsValidMarkup()
    {
        var pod = Pod("web", [.. Enumerable.Range(0, 12).Select(i => $"c{i}")]);
        var view = new LiveView(Console(color: true), new LiveLineFormatter(_time, [pod]));

        foreach (var container in pod.Spec.Containers)
        {
            view.OnLogLine(new ContainerLogLine("default", "web", container.Name, _time.GetUtcNow(), LogStream.Stderr, "[not markup]"));
        }

        view.OnEvent(new Corev1Event { Type = "Warning", Reason = "BackOff", Message = "[x]", InvolvedObject = new V1ObjectReference { Name = "web" } });
        await view.CompleteAsync();

        Assert.Contains("\u001b[", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("[not markup]", _stderr.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _stderr.Dispose();

    private RunConsole Console(bool color) => new(TextReader.Null, TextWriter.Null, _stderr, color);

    private static V1Pod Pod(string name, params string[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [.. containers.Select(container => new V1Container { Name = container })] },
    };
}
