using System.Globalization;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Tests.Status;

namespace Podvisor.Engine.Tests.Planning;

/// <summary>
/// What a sync pass does with each container (kuberuntime_manager.go <c>computePodActions</c>, back-off from
/// <c>doBackOff</c>): start it, wait out its back-off, keep it, or finish the pod. A row per case; the pod is written as
/// in <see cref="StatusRows"/> with engine states: <c>new</c> (never started), <c>run</c>, <c>exitN</c> (exited with N at
/// T0); the back-off column says how many restarts each container's back-off has already counted (at T0).
/// </summary>
public sealed class PodActionPlannerRestartTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // containers, restartPolicy, back-offs counted (per container, in token order), seconds after T0 | actions
    [InlineData("c:new", "Always", "0", 0, "start c0")]
    [InlineData("c:run", "Always", "0", 0, "")]
    // The first restart is immediate; then 10 s, 20 s, ... counted from the exit.
    [InlineData("c:exit0", "Always", "0", 0, "start c0")]
    [InlineData("c:exit1", "Always", "1", 5, "wait c0 until 10 (10s)")]
    [InlineData("c:exit1", "Always", "1", 10, "start c0")]
    [InlineData("c:exit1", "Always", "2", 15, "wait c0 until 20 (20s)")]
    [InlineData("c:exit1", "Always", "9", 100, "wait c0 until 300 (300s)")]
    [InlineData("c:exit1", "Never", "0", 0, "finish")]
    [InlineData("c:exit0", "OnFailure", "0", 0, "finish")]
    [InlineData("c:exit1", "OnFailure", "1", 3, "wait c0 until 10 (10s)")]
    [InlineData("c:exit0 c:run", "Never", "0 0", 0, "")]
    [InlineData("c:exit0 c:exit1", "Never", "0 0", 0, "finish")]
    [InlineData("c:new c:new", "Always", "0 0", 0, "start c0, start c1")]
    // Init containers one at a time, in order; a failed one fails the pod under Never, else it restarts with back-off.
    [InlineData("i:new i:new c:new", "Always", "0 0 0", 0, "start i0")]
    [InlineData("i:run c:new", "Always", "0 0", 0, "")]
    [InlineData("i:exit0 i:new c:new", "Always", "0 0 0", 0, "start i1")]
    [InlineData("i:exit0 c:new", "Always", "0 0", 0, "start c0")]
    [InlineData("i:exit1 c:new", "Never", "0 0", 0, "finish")]
    [InlineData("i:exit1 c:new", "OnFailure", "1 0", 3, "wait i0 until 10 (10s)")]
    [InlineData("i:exit1 c:new", "Always", "0 0", 0, "start i0")]
    // Sidecars start in init order and let the next container start once started; they restart whatever the policy.
    [InlineData("s:new c:new", "Never", "0 0", 0, "start s0")]
    [InlineData("s:run c:new", "Never", "0 0", 0, "start c0")]
    [InlineData("s:exit1 c:run", "Never", "1 0", 4, "wait s0 until 10 (10s)")]
    [InlineData("s:exit0 c:run", "Never", "0 0", 0, "start s0")]
    // Sidecars never keep a pod from completing.
    [InlineData("s:run c:exit0", "Never", "0 0", 0, "finish")]
    public void Compute_StartsWaitsOrFinishes(string containers, string restartPolicy, string backOffs, double seconds, string actions)
    {
        var pod = StatusRows.Pod(containers, restartPolicy);
        var states = StatusRows.Parse(containers).Select(t => t.State).ToList();
        var counted = backOffs.Split(' ').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList();
        var records = pod.Containers.Select(c => Record(c, states[c.Index])).ToList();
        var backOff = pod.Containers.ToDictionary(c => c.Index, c => BackOff(counted[c.Index]));
        var initialized = records.Any(r => r.Definition.Kind == ContainerKind.Regular && !r.NeverStarted);

        var plan = PodActionPlanner.Compute(pod, records, initialized, c => backOff[c.Index], T0 + TimeSpan.FromSeconds(seconds));

        Assert.Equal(actions, Describe(plan));
        Assert.Empty(plan.ToKill);
        Assert.Empty(plan.ToReplace);
    }

    private static ContainerRecord Record(ContainerDefinition container, string state)
    {
        var record = ContainerRecord.Initial(container);
        if (state == "new")
        {
            return record;
        }

        var id = container.Name + "-1";
        if (state == "run")
        {
            return record with { Current = new InstanceRecord(id, 0, T0, Reported: true, Terminated: null), StartAttempts = 1 };
        }

        var exitCode = int.Parse(state["exit".Length..], CultureInfo.InvariantCulture);
        var end = new TerminatedRecord(exitCode, null, exitCode == 0 ? "Completed" : "Error", null, T0, T0, id);
        return record with { Current = new InstanceRecord(id, 0, T0, Reported: true, Terminated: end), StartAttempts = 1 };
    }

    private static CrashLoopBackOff BackOff(int restarts)
    {
        var backOff = new CrashLoopBackOff();
        for (var i = 0; i < restarts; i++)
        {
            backOff.Next(T0, T0);
        }

        return backOff;
    }

    private static string Describe(PodActions plan) => string.Join(", ", plan.ToStart.Select(c => $"start {c.Name}")
        .Concat(plan.InBackOff.Select(w => string.Create(CultureInfo.InvariantCulture, $"wait {w.Container.Name} until {(w.Until - T0).TotalSeconds:0.###} ({w.BackOff.TotalSeconds:0}s)")))
        .Concat(plan.Finish ? ["finish"] : []));
}
