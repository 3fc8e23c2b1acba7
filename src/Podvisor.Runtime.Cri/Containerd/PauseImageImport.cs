using System.Diagnostics;
using Podvisor.Runtime.Cri.Api;

namespace Podvisor.Runtime.Cri.Containerd;

/// <summary>Imports podvisor's pause image into containerd's <c>k8s.io</c> namespace (where CRI looks) once per containerd root.</summary>
internal static class PauseImageImport
{
    public static async Task EnsureAsync(CriConnection connection, ContainerdLayout layout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await IsPresentAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var archive = Path.Combine(layout.Directory, "pause.tar");
        PauseImage.WriteArchive(archive);
        var start = new ProcessStartInfo
        {
            FileName = ExecutableSearch.Find("ctr") ?? "ctr",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--address", layout.Socket, "--namespace", "k8s.io", "images", "import", "--no-unpack=false", archive })
        {
            start.ArgumentList.Add(argument);
        }

        using var ctr = Process.Start(start) ?? throw new InvalidOperationException("could not start ctr");
        var stdout = ctr.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = ctr.StandardError.ReadToEndAsync(cancellationToken);
        await ctr.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (ctr.ExitCode != 0)
        {
            throw new InvalidOperationException($"ctr images import of podvisor's pause image failed: {(await stderr.ConfigureAwait(false)).Trim()} {(await stdout.ConfigureAwait(false)).Trim()}");
        }

        // CRI learns of the image from containerd's events: wait until it answers for it.
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (!await IsPresentAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            if (time.GetUtcNow() >= deadline)
            {
                throw new InvalidOperationException($"containerd's CRI does not see the imported pause image {PauseImage.Name}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken).ConfigureAwait(false);
        }

        File.Delete(archive);
    }

    private static async Task<bool> IsPresentAsync(CriConnection connection, CancellationToken cancellationToken)
    {
        var status = await connection.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = PauseImage.Name } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return status.Image is not null;
    }
}
