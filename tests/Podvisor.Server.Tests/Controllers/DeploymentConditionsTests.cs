using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Server.Controllers.Deployments;

namespace Podvisor.Server.Tests.Controllers;

public sealed class DeploymentConditionsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private V1DeploymentStatus Progressing(string reason, string status = "True")
    {
        var s = new V1DeploymentStatus { Replicas = 3, UpdatedReplicas = 1, ReadyReplicas = 1, AvailableReplicas = 1, ObservedGeneration = 2 };
        DeploymentConditions.Set(s, DeploymentConditions.New(DeploymentConditions.Progressing, status, reason, "m", _time.GetUtcNow()));
        return s;
    }

    private static V1DeploymentStatus Copy(V1DeploymentStatus status) =>
        k8s.KubernetesJson.Deserialize<V1DeploymentStatus>(k8s.KubernetesJson.Serialize(status));

    [Fact]
    public void TimedOut_OnlyAfterTheDeadlineHasPassed()
    {
        var condition = DeploymentConditions.Get(Progressing(DeploymentConditions.ReplicaSetUpdated), DeploymentConditions.Progressing);

        _time.Advance(TimeSpan.FromSeconds(600));
        Assert.False(DeploymentConditions.TimedOut(condition, 600, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(DeploymentConditions.TimedOut(condition, 600, _time.GetUtcNow()));
    }

    [Fact]
    public void TimedOut_NeverForACompleteRollout()
    {
        var condition = DeploymentConditions.Get(Progressing(DeploymentConditions.NewReplicaSetAvailable), DeploymentConditions.Progressing);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.False(DeploymentConditions.TimedOut(condition, 600, _time.GetUtcNow()));
    }

    [Fact]
    public void UpdateProgress_WithoutProgressPastTheDeadline_SaysProgressDeadlineExceeded()
    {
        var before = Progressing(DeploymentConditions.ReplicaSetUpdated);
        var next = Copy(before);
        _time.Advance(TimeSpan.FromSeconds(11));

        DeploymentConditions.UpdateProgress(before, next, 3, 2, 10, "web-abc", _time.GetUtcNow());

        var condition = DeploymentConditions.Get(next, DeploymentConditions.Progressing)!;
        Assert.Equal(("False", "ProgressDeadlineExceeded", "ReplicaSet \"web-abc\" has timed out progressing."), (condition.Status, condition.Reason, condition.Message));
    }

    [Fact]
    public void UpdateProgress_Progress_MovesTheUpdateTimeButNotTheTransitionTime()
    {
        var before = Progressing(DeploymentConditions.NewReplicaSetCreated);
        var created = DeploymentConditions.Get(before, DeploymentConditions.Progressing)!.LastTransitionTime;
        var next = Copy(before);
        next.UpdatedReplicas = 2;
        _time.Advance(TimeSpan.FromSeconds(5));

        DeploymentConditions.UpdateProgress(before, next, 3, 2, 600, "web-abc", _time.GetUtcNow());

        var condition = DeploymentConditions.Get(next, DeploymentConditions.Progressing)!;
        Assert.Equal(("True", "ReplicaSetUpdated", "ReplicaSet \"web-abc\" is progressing."), (condition.Status, condition.Reason, condition.Message));
        Assert.Equal(created, condition.LastTransitionTime);
        Assert.Equal(DeploymentConditions.Seconds(_time.GetUtcNow()), condition.LastUpdateTime);
    }

    [Fact]
    public void UpdateProgress_EveryPodUpdatedAndAvailable_SaysNewReplicaSetAvailable()
    {
        var before = Progressing(DeploymentConditions.ReplicaSetUpdated);
        var next = Copy(before);
        (next.UpdatedReplicas, next.AvailableReplicas, next.ReadyReplicas) = (3, 3, 3);

        DeploymentConditions.UpdateProgress(before, next, 3, 2, 600, "web-abc", _time.GetUtcNow());

        var condition = DeploymentConditions.Get(next, DeploymentConditions.Progressing)!;
        Assert.Equal(("True", "NewReplicaSetAvailable", "ReplicaSet \"web-abc\" has successfully progressed."), (condition.Status, condition.Reason, condition.Message));
    }

    [Fact]
    public void UpdateProgress_AnUnobservedGeneration_IsNotComplete()
    {
        var before = Progressing(DeploymentConditions.ReplicaSetUpdated);
        var next = Copy(before);
        (next.UpdatedReplicas, next.AvailableReplicas) = (3, 3);

        DeploymentConditions.UpdateProgress(before, next, 3, 3, 600, "web-abc", _time.GetUtcNow());

        Assert.Equal(DeploymentConditions.ReplicaSetUpdated, DeploymentConditions.Get(next, DeploymentConditions.Progressing)!.Reason);
    }

    [Theory]
    [InlineData(2, 1, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")]
    [InlineData(1, 1, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.")]
    public void UpdateAvailable_ComparesWithDesiredMinusMaxUnavailable(int available, int maxUnavailable, string status, string reason, string message)
    {
        var next = new V1DeploymentStatus { AvailableReplicas = available };

        DeploymentConditions.UpdateAvailable(next, 3, maxUnavailable, _time.GetUtcNow());

        var condition = DeploymentConditions.Get(next, DeploymentConditions.Available)!;
        Assert.Equal((status, reason, message), (condition.Status, condition.Reason, condition.Message));
    }

    [Fact]
    public void UpdatePaused_PausedThenResumed_NeverOverATimeout()
    {
        var status = Progressing(DeploymentConditions.ReplicaSetUpdated);
        DeploymentConditions.UpdatePaused(status, paused: true, 600, _time.GetUtcNow());
        Assert.Equal(("Unknown", "DeploymentPaused"), (DeploymentConditions.Get(status, "Progressing")!.Status, DeploymentConditions.Get(status, "Progressing")!.Reason));

        DeploymentConditions.UpdatePaused(status, paused: false, 600, _time.GetUtcNow());
        Assert.Equal("DeploymentResumed", DeploymentConditions.Get(status, "Progressing")!.Reason);

        var timedOut = Progressing(DeploymentConditions.ProgressDeadlineExceeded, "False");
        DeploymentConditions.UpdatePaused(timedOut, paused: true, 600, _time.GetUtcNow());
        Assert.Equal("ProgressDeadlineExceeded", DeploymentConditions.Get(timedOut, "Progressing")!.Reason);
    }
}
