using System.Net;
using k8s;
using k8s.Models;
using Podvisor.Cli.Report;
using Podvisor.Cli.Rollout;
using Podvisor.Cli.Run;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Decoding;
using Podvisor.Server.Hosting;

namespace Podvisor.Cli.Workloads;

/// <summary>
/// A <c>podvisor run</c> whose files hold Deployments, ReplicaSets or Services: it hosts <c>serve</c>'s stack in
/// process (store, controllers, EndpointSlice controller, Service proxy, engine) on a private data directory under
/// the run's state directory, creates every object through the API's own routes (a dry run of all of them first, so
/// a bad document starts nothing), shows the pods the controllers make, and on Ctrl-C or <c>--stop-after</c> stops
/// every pod within its grace period. The data directory is removed at the end. With <c>--rollout</c> it runs the
/// rollout verdict in between.
/// </summary>
internal sealed class WorkloadSession(RunSettings settings, RunConsole console, TimeProvider time)
{
    public async Task<int> RunAsync(IReadOnlyList<ManifestSource> sources, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var documents = WorkloadDocuments.Split(sources, errors);
        RolloutTarget? target = null;
        if (errors.Count == 0 && settings.Rollout is not null)
        {
            target = RolloutTarget.Choose(documents, settings.Rollout.Service, out var targetError);
            if (targetError is not null)
            {
                errors.Add($"error: {targetError}");
            }
        }

        if (errors.Count > 0)
        {
            errors.ForEach(console.WriteError);
            return ExitCodes.InvalidInput;
        }

        if (settings.ReportPath is { } reportPath && ReportFile.Check(reportPath) is { } reportError)
        {
            console.WriteError($"error: {reportError}");
            return ExitCodes.InvalidInput;
        }

        var images = ImageCatalogSource.Load(settings.ImagesPath);
        var stateDirectory = RunStateDirectory.Resolve(settings.StateDirectory, time, Environment.ProcessId);
        var dataDirectory = Path.Combine(stateDirectory, "serve");
        Directory.CreateDirectory(stateDirectory);
        try
        {
            return await RunServerAsync(documents, target, images, stateDirectory, dataDirectory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                console.WriteWarning($"could not remove {dataDirectory}: {exception.Message}");
            }
        }
    }

    private async Task<int> RunServerAsync(
        IReadOnlyList<WorkloadDocument> documents, RolloutTarget? target, Podvisor.Engine.Images.IImageCatalog images,
        string stateDirectory, string dataDirectory, CancellationToken cancellationToken)
    {
        var events = settings.Output != OutputFormat.None ? new EventLog() : null;
        var audit = new TerminationAudit();
        var recorder = new TimelineRecorder(time, keepEvents: settings.ReportPath is not null);
        var snapshots = new PodSnapshots();
        await using var view = new LiveView(console, new LiveLineFormatter(time, PrefixPods(documents)));
        view.Notice($"Running {documents.Count} objects through an in-process API server (state in {stateDirectory}); Ctrl-C to stop.", "default");

        await using var runtime = await ContainerRuntimeFactory.CreateAsync(
            settings.Runtime ?? RuntimeSelection.Default, Path.Combine(dataDirectory, "containerd"), time, warning => view.Notice(warning, "yellow"), cancellationToken).ConfigureAwait(false);

        var observer = new ObserverFanOut([snapshots, .. EventLog.Optional(events), audit, recorder, view]);
        var options = new ServerOptions
        {
            DataDirectory = dataDirectory,
            Address = IPAddress.Loopback,
            Port = 0,
            EndpointDelay = settings.EndpointDelay ?? new ServerOptions { DataDirectory = dataDirectory }.EndpointDelay,
            Timeline = new RunObserverPages(new ServeTimelinePages(time), observer),
        };
        using var stop = new StopRequests(time, settings.StopAfter);
        using var callerGaveUp = cancellationToken.Register(() => stop.Request("cancelled"));
        using var stopping = new CancellationTokenSource();
        _ = stop.Graceful.ContinueWith(_ => stopping.Cancel(), TaskScheduler.Default);

        var server = await PodvisorServer.StartAsync(options, runtime, images, time, cancellationToken).ConfigureAwait(false);
        RolloutReport? report = null;
        var stoppedByRequest = false;
        var invalid = false;
        try
        {
            using var client = new WorkloadClient(server.CreateClient());
            invalid = !await CreateAllAsync(client, documents, cancellationToken).ConfigureAwait(false);
            if (!invalid)
            {
                await ShowServiceAddressesAsync(client, documents, view, cancellationToken).ConfigureAwait(false);
                var feed = new ControllerEventFeed(client, view, time);
                using var feedStop = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                var feeding = feed.RunAsync(feedStop.Token);
                try
                {
                    if (target is not null && settings.Rollout is { } rollout)
                    {
                        try
                        {
                            report = await new RolloutRunner(client, target, rollout, recorder, snapshots, view, time).RunAsync(stopping.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                        {
                            stoppedByRequest = true;
                        }
                    }
                    else
                    {
                        await stop.Graceful.ConfigureAwait(false);
                        stoppedByRequest = true;
                    }

                    var reason = stop.Graceful.IsCompleted ? await stop.Graceful.ConfigureAwait(false) : "rollout verdict done";
                    view.Notice($"{reason}: deleting pods (each pod's grace period); Ctrl-C again to kill them now.", "yellow");
                }
                finally
                {
                    // Also when the rollout failed: the feed must stop before its client is disposed, or it reports
                    // the disposal as a reason it stopped and hides what really went wrong.
                    await feedStop.CancelAsync().ConfigureAwait(false);
                    await feeding.ConfigureAwait(false);
                }
            }
        }
        finally
        {
            audit.BeginStop();
            using var force = new CancellationTokenSource();
            _ = stop.Forced.ContinueWith(_ => force.Cancel(), TaskScheduler.Default);
            await server.StopAsync(force.Token).ConfigureAwait(false);
        }

        if (invalid)
        {
            return ExitCodes.InvalidInput;
        }

        var finalPods = snapshots.Pods;
        await view.CompleteAsync().ConfigureAwait(false);
        var timeline = recorder.Timeline;
        console.Write(RunSummary.Build(finalPods, console.Color, timeline));
        if (report is not null)
        {
            await console.Out.WriteAsync(settings.Output == OutputFormat.Json ? RolloutReportJson.Render(report) : RolloutReportText.Render(report)).ConfigureAwait(false);
        }
        else if (settings.Output != OutputFormat.None)
        {
            var byPod = new TimelineByPod(timeline);
            var terminations = finalPods.Select(pod => PodTerminations.Of(pod, byPod)).ToList();
            await console.Out.WriteAsync(ListOutput.Render(settings.Output, finalPods, events?.Events ?? [], terminations)).ConfigureAwait(false);
        }

        await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (settings.ReportPath is { } path)
        {
            try
            {
                await ReportFile.WriteAsync(path, finalPods, recorder, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                console.WriteLine(new LiveLine([new LiveSpan($"podvisor: timeline written to {path}")]));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                console.WriteError($"error: --report {path}: {exception.Message}");
                return ExitCodes.Failure;
            }
        }

        return report is not null && !stoppedByRequest
            ? RolloutVerdict.ExitCode(report)
            : ExitCodes.ForStoppedRun(audit.TerminationWasClean);
    }

    /// <summary>A dry run of every object, then the real creates: a refused document leaves nothing started.</summary>
    private async Task<bool> CreateAllAsync(WorkloadClient client, IReadOnlyList<WorkloadDocument> documents, CancellationToken cancellationToken)
    {
        var refused = new List<string>();
        foreach (var document in documents)
        {
            if (await client.CreateAsync(document, dryRun: true, cancellationToken).ConfigureAwait(false) is { } error)
            {
                refused.Add(error);
            }
        }

        foreach (var document in refused.Count == 0 ? documents : [])
        {
            if (await client.CreateAsync(document, dryRun: false, cancellationToken).ConfigureAwait(false) is { } error)
            {
                refused.Add(error);
                break;
            }
        }

        refused.ForEach(console.WriteError);
        return refused.Count == 0;
    }

    private static async Task ShowServiceAddressesAsync(WorkloadClient client, IReadOnlyList<WorkloadDocument> documents, LiveView view, CancellationToken cancellationToken)
    {
        foreach (var service in documents.Where(d => d.Kind == "Service"))
        {
            var stored = await client.GetAsync($"api/v1/namespaces/{service.Namespace}/services/{service.Name}", cancellationToken).ConfigureAwait(false);
            var addresses = ServiceAddresses.Of(stored);
            view.Notice(addresses.Count == 0
                ? $"service/{service.Name}: no proxied address (headless, ExternalName or no TCP port)"
                : $"service/{service.Name}: {string.Join(", ", addresses.Select(a => "http://" + a))}", "bold");
        }
    }

    /// <summary>Pods shaped like the ones the files make (a ReplicaSet's <c>name-hash-xxxxx</c>), to size the live view's prefixes.</summary>
    private static List<V1Pod> PrefixPods(IReadOnlyList<WorkloadDocument> documents)
    {
        var pods = new List<V1Pod>();
        foreach (var document in documents)
        {
            try
            {
                switch (document.Kind)
                {
                    case "Pod":
                        pods.Add(ManifestModel.Deserialize<V1Pod>(document.Yaml));
                        break;
                    case "Deployment":
                        var deployment = ManifestModel.Deserialize<V1Deployment>(document.Yaml);
                        pods.Add(new V1Pod { Metadata = new V1ObjectMeta { Name = $"{document.Name}-0123456789-abcde" }, Spec = deployment.Spec?.Template?.Spec });
                        break;
                    case "ReplicaSet":
                        var set = ManifestModel.Deserialize<V1ReplicaSet>(document.Yaml);
                        pods.Add(new V1Pod { Metadata = new V1ObjectMeta { Name = $"{document.Name}-abcde" }, Spec = set.Spec?.Template?.Spec });
                        break;
                }
            }
            catch (YamlDotNet.Core.YamlException)
            {
                // Only the view's column width depends on it; the API reports what is wrong with the document.
            }
        }

        return pods;
    }
}
