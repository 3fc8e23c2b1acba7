using k8s.Models;
using Podvisor.Cli.Manifests;
using Podvisor.Cli.Report;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Config;
using Podvisor.Engine.Images;
using Podvisor.Engine.Pods;

namespace Podvisor.Cli.Run;

/// <summary>
/// One <c>podvisor run</c>: admit the manifests, run the pods until they settle or a stop is requested,
/// then delete them as <c>kubectl delete</c> would, and report. The runtime and the engine are
/// <c>await using</c>-scoped so that even on an exception no container outlives the run.
/// </summary>
internal sealed class RunSession(RunSettings settings, RunConsole console, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        SerializerWarmUp.Start();
        if (!TryRead(out var sources))
        {
            return ExitCodes.InvalidInput;
        }

        StartupTrace.Mark("manifests read");
        // Deployments, ReplicaSets and Services need serve's controllers and proxy; pod-only files keep this path.
        if (Workloads.WorkloadDocuments.NeedsServer(sources))
        {
            return await new Workloads.WorkloadSession(settings, console, time).RunAsync(sources, cancellationToken);
        }

        if (settings.Rollout is not null)
        {
            console.WriteError("error: --rollout needs a Deployment and a Service in the files");
            return ExitCodes.InvalidInput;
        }

        // The runtime gets ready on another thread while this one decodes the manifests (RuntimeStart).
        var stateDirectory = RunStateDirectory.Resolve(settings.StateDirectory, time, Environment.ProcessId);
        var runtimeStart = RuntimeStart.Begin(warn => ContainerRuntimeFactory.CreateAsync(
            settings.Runtime ?? RuntimeSelection.Default, ContainerdDirectory(stateDirectory), time, warn, cancellationToken));
        try
        {
            return await RunAdmittedAsync(sources, stateDirectory, runtimeStart, cancellationToken);
        }
        finally
        {
            await runtimeStart.AbandonUnlessTakenAsync();
        }
    }

    private async Task<int> RunAdmittedAsync(IReadOnlyList<ManifestSource> sources, string stateDirectory, RuntimeStart runtimeStart, CancellationToken cancellationToken)
    {
        if (!TryAdmit(sources, out var pods, out var configs) || !TryLoadImages(out var images))
        {
            return ExitCodes.InvalidInput;
        }

        StartupTrace.Mark("manifests decoded and admitted, images loaded");
        if (settings.ReportPath is { } reportPath && ReportFile.Check(reportPath) is { } reportError)
        {
            console.WriteError($"error: {reportError}");
            return ExitCodes.InvalidInput;
        }

        Directory.CreateDirectory(stateDirectory);

        // Every Event is kept only for -o json|yaml, and the time each arrived only for --report: at 1000 pods that is
        // megabytes a plain run never reads.
        var events = settings.Output != OutputFormat.None ? new EventLog() : null;
        var audit = new TerminationAudit();
        var recorder = new TimelineRecorder(time, keepEvents: settings.ReportPath is not null);
        await using var view = new LiveView(console, new LiveLineFormatter(time, pods));
        view.Notice($"Running {Plural(pods.Count, "pod")} (state in {stateDirectory}); Ctrl-C to stop.", "default");

        await using var runtime = await runtimeStart.TakeAsync(warning => view.Notice(warning, "yellow"));
        StartupTrace.Mark("runtime ready");

        await using var engine = new PodEngine(
            runtime, images, new ObserverFanOut([.. EventLog.Optional(events), audit, recorder, view, .. StartupTraceObservers()]),
            new EngineOptions { StateDirectory = stateDirectory, Chaos = settings.Chaos }, time, configs: configs);

        StartupTrace.Mark("engine built");
        // Registered before the first pod starts, so an early Ctrl-C already stops gracefully.
        using var stop = new StopRequests(time, settings.StopAfter);
        using var callerGaveUp = cancellationToken.Register(() => stop.Request("cancelled"));
        foreach (var pod in pods)
        {
            engine.Admit(pod);
        }

        StartupTrace.Mark("pods admitted to the engine");

        var stopped = await RunUntilSettledAsync(engine, stop, audit, view);

        var finalPods = engine.Pods;
        await view.CompleteAsync();
        var timeline = recorder.Timeline;
        console.Write(RunSummary.Build(finalPods, console.Color, timeline));
        if (settings.Output != OutputFormat.None)
        {
            var byPod = new TimelineByPod(timeline);
            var terminations = finalPods.Select(pod => PodTerminations.Of(pod, byPod)).ToList();
            await console.Out.WriteAsync(ListOutput.Render(settings.Output, finalPods, events?.Events ?? [], terminations));
            await console.Out.FlushAsync(CancellationToken.None);
        }

        if (settings.ReportPath is { } report)
        {
            try
            {
                await ReportFile.WriteAsync(report, finalPods, recorder, time.GetUtcNow(), CancellationToken.None);
                console.WriteLine(new LiveLine([new LiveSpan($"podvisor: timeline written to {report}")]));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                console.WriteError($"error: --report {report}: {exception.Message}");
                return ExitCodes.Failure;
            }
        }

        return stopped ? ExitCodes.ForStoppedRun(audit.TerminationWasClean) : ExitCodes.ForSettledRun(finalPods);
    }

    /// <summary>Waits for the pods to settle, deleting them on the first stop request; returns whether a stop was requested.</summary>
    private async Task<bool> RunUntilSettledAsync(PodEngine engine, StopRequests stop, TerminationAudit audit, LiveView view)
    {
        var settled = engine.WhenAllSettled;
        if (await Task.WhenAny(settled, stop.Graceful) == settled)
        {
            await settled;
            return false;
        }

        var grace = settings.GracePeriodSeconds is { } seconds ? $"grace period {seconds}s" : "each pod's grace period";
        view.Notice($"{await stop.Graceful}: deleting pods ({grace}); Ctrl-C again to kill them now.", "yellow");
        audit.BeginStop();
        engine.DeleteAll(settings.GracePeriodSeconds);

        if (await Task.WhenAny(settled, stop.Forced) != settled)
        {
            view.Notice($"{await stop.Forced}: killing pods now.", "red");
            // A zero grace period makes the engine SIGKILL at once, shortening the deadline already set.
            engine.DeleteAll(0);
        }

        await settled;
        return true;
    }

    /// <param name="configs">The ConfigMaps and Secrets of the manifests: read once, fixed for the run.</param>
    private bool TryRead(out IReadOnlyList<ManifestSource> sources)
    {
        try
        {
            sources = ManifestReader.Read(settings.Files, console.In);
            return true;
        }
        catch (IOException exception)
        {
            console.WriteError($"error: {exception.Message}");
            sources = [];
            return false;
        }
    }

    private bool TryAdmit(IReadOnlyList<ManifestSource> sources, out IReadOnlyList<V1Pod> pods, out IConfigSource configs)
    {
        pods = [];
        configs = EmptyConfigSource.Instance;
        var result = new PodAdmission(time).Admit(sources, new AdmissionOptions { Strict = settings.Strict });
        foreach (var warning in result.Warnings)
        {
            console.WriteWarning(warning);
        }

        foreach (var error in result.Errors)
        {
            console.WriteError(AdmissionErrorText.ForCommandLine(error));
        }

        pods = result.Pods;
        configs = new StaticConfigSource(result.ConfigMaps, result.Secrets);
        if (result.IsValid && pods.Count == 0)
        {
            // kubectl's words when -f finds nothing (empty, comments only, "---" only, a directory without manifests).
            console.WriteError("error: no objects passed to run");
            return false;
        }

        return result.IsValid;
    }

    private bool TryLoadImages(out IImageCatalog images)
    {
        try
        {
            images = ImageCatalogSource.Load(settings.ImagesPath);
            return true;
        }
        catch (IOException exception)
        {
            console.WriteError($"error: {exception.Message}");
            images = ImageCatalog.Empty;
            return false;
        }
    }

    /// <summary>
    /// Where podvisor's own containerd keeps its state: under an explicit <c>--state-dir</c>, else one directory
    /// shared by successive runs (beside the per-run ones), so pulled images stay cached between runs.
    /// </summary>
    private string ContainerdDirectory(string stateDirectory) => settings.StateDirectory is not null
        ? Path.Combine(stateDirectory, "containerd")
        : Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(stateDirectory)!)!, "containerd");

    private static IEnumerable<IEngineObserver> StartupTraceObservers() =>
        StartupTrace.Observer() is { } observer ? [observer] : [];

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
