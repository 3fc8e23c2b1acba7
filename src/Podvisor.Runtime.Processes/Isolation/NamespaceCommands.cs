using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// The user-namespace mode's programs: the argv that starts a container in new namespaces, and the one that runs an
/// exec in them. Both end in <c>env -i -- KEY=value... argv</c>, so the command gets exactly the container's
/// environment and its own argv[0], and every step execs the next: the PID spawned is the container's (or exec's) PID.
/// </summary>
internal static class NamespaceCommands
{
    // Arguments: count, then count x (source, target, container path, rw|ro, volume, path in the volume), then the
    // working directory ('' = keep), then the command. A failure is written to fd 3 in runc's words (first line of the
    // tool's message) and ends the setup with 128; success closes fd 3, then execs the command.
    // A subPath (volume not empty) is not bound by its path, which a container sharing the volume could have made a
    // link since the engine's check: the volume is bound on a staging directory with nosymfollow, so the one mount(2)
    // that binds the subPath from there refuses any link on the way (ELOOP), as the kubelet's doSafeOpen does; then
    // the bind gets links back (symfollow) for the container. A descriptor opened before unshare could not be bound:
    // the kernel binds only mounts of the caller's own mount namespace (fs/namespace.c, __do_loopback).
    // --no-canonicalize: util-linux would otherwise resolve the links itself and bind where they lead.
    private const string StartScript = """
        fail() {
          printf 'error during container init: error mounting "%s" to rootfs at "%s": %s' "$src" "$at" "${1%%
        *}" >&3; exit 128
        }
        n=$1; shift
        while [ "$n" -gt 0 ]; do
          src=$1 dst=$2 at=$3 ro=$4 vol=$5 rel=$6; shift 6; n=$((n - 1))
          [ -e "$src" ] || fail "stat $src: no such file or directory"
          if [ -e "$dst" ]; then :
          elif [ -d "$src" ]; then err=$(mkdir -p -- "$dst" 2>&1) || fail "$err"
          else err=$(mkdir -p -- "${dst%/*}/" 2>&1 && : 2>&1 > "$dst") || fail "$err"; fi
          if [ -z "$vol" ]; then
            err=$(mount --rbind -- "$src" "$dst" 2>&1) || fail "$err"
          else
            stage=$(mktemp -d) || fail "mktemp: cannot create a staging directory"
            err=$(mount --bind -- "$vol" "$stage" 2>&1 && mount -o remount,bind,nosymfollow -- "$stage" 2>&1 &&
              mount --no-canonicalize --rbind -- "$stage/$rel" "$dst" 2>&1)
            bound=$?
            umount -l -- "$stage" 2>/dev/null; rmdir -- "$stage" 2>/dev/null
            [ "$bound" -eq 0 ] || fail "$err"
            err=$(mount -o remount,bind,symfollow -- "$dst" 2>&1) || fail "$err"
          fi
          [ "$ro" != ro ] || err=$(mount -o remount,bind,ro -- "$dst" 2>&1) || fail "$err"
        done
        cwd=$1; shift
        if [ -n "$cwd" ] && ! cd -- "$cwd" 2>/dev/null; then
          printf 'chdir to cwd ("%s") set in config.json failed: no such file or directory' "$cwd" >&3; exit 128
        fi
        exec 3>&-
        exec "$@"
        """;

    // Arguments: the working directory (for the message), then the command. Fd 4 is the container's working
    // directory, reached through its descriptor; the handles (fds 3, 4, 5) must not reach the command.
    private const string ExecScript = """
        if ! cd -P /proc/self/fd/4 2>/dev/null; then echo "chdir to cwd (\"$1\") failed: no such file or directory"; exit 126; fi
        exec 3<&- 4<&- 5<&-
        shift
        exec "$@"
        """;

    /// <summary>A user namespace mapping the caller to root, holding a mount namespace whose mounts stay in it.</summary>
    public static IReadOnlyList<string> UnshareFlags { get; } = ["--user", "--map-root-user", "--mount", "--propagation", "private"];

    public static IReadOnlyList<string> Start(
        IsolationTools tools, MountTable mounts, string? workingDirectory, IReadOnlyList<string> command, ContainerContext context, string resolved)
    {
        var argv = new List<string> { tools.Unshare };
        argv.AddRange(UnshareFlags);
        var steps = mounts.Steps();
        argv.AddRange(["--", tools.Shell, "-c", StartScript, "podvisor-setup", steps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        foreach (var step in steps)
        {
            var relative = step.Beneath is { } volume ? Path.GetRelativePath(volume, step.Source) : string.Empty;
            argv.AddRange([step.Source, step.Target, step.ContainerPath, step.ReadOnly ? "ro" : "rw", step.Beneath ?? string.Empty, relative == "." ? string.Empty : relative]);
        }

        argv.Add(workingDirectory ?? string.Empty);
        AddCommand(argv, tools, command, context, resolved);
        return argv;
    }

    /// <summary>Joins the namespaces passed as fd 3 (mount) and fd 5 (user), in the directory of fd 4.</summary>
    public static IReadOnlyList<string> Exec(
        IsolationTools tools, string workingDirectory, IReadOnlyList<string> command, ContainerContext context, string resolved)
    {
        // Without --preserve-credentials nsenter becomes uid/gid 0 in the user namespace: the container's own identity.
        var argv = new List<string> { tools.Nsenter, "--user=/proc/self/fd/5" };
        argv.AddRange(["--mount=/proc/self/fd/3", "--", tools.Shell, "-c", ExecScript, "podvisor-exec", workingDirectory]);
        AddCommand(argv, tools, command, context, resolved);
        return argv;
    }

    private static void AddCommand(List<string> argv, IsolationTools tools, IReadOnlyList<string> command, ContainerContext context, string resolved)
    {
        argv.AddRange([tools.Env, "-i", "--"]);
        argv.AddRange(context.Environment);

        // env searches the container's PATH as runc does; without one, or for a name env would take for
        // an assignment, it gets the path podvisor resolved (argv[0] then shows that path).
        var first = command[0];
        argv.Add(context.PathVariable is null || first.Contains('=', StringComparison.Ordinal) ? resolved : first);
        argv.AddRange(command.Skip(1));
    }
}
