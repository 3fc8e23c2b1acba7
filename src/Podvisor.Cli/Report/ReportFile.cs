using Podvisor.Engine.Timeline;
using k8s.Models;

namespace Podvisor.Cli.Report;

/// <summary>Writes <c>--report</c>'s page; checks up front that it can, so a bad path fails before any pod starts.</summary>
internal static class ReportFile
{
    /// <returns>An error naming the flag and the path, or null when the page can be written there.</returns>
    public static string? Check(string path)
    {
        if (Directory.Exists(path))
        {
            return $"invalid argument \"{path}\" for \"--report\" flag: is a directory";
        }

        var directory = Path.GetDirectoryName(path);
        return directory is not null && !Directory.Exists(directory)
            ? $"invalid argument \"{path}\" for \"--report\" flag: directory {directory} does not exist"
            : null;
    }

    public static async Task WriteAsync(
        string path, IReadOnlyList<V1Pod> pods, TimelineRecorder recorder, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var report = TimelineReportBuilder.Build(pods, recorder.Timeline, recorder.Events, recorder.StartedAt, end);
        await File.WriteAllTextAsync(path, TimelineReportHtml.Render(report), cancellationToken).ConfigureAwait(false);
    }
}
