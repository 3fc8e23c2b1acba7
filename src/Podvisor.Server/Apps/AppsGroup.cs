using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Apps;

/// <summary>The <c>apps/v1</c> group: its wire formats and the annotation and label keys its controllers write.</summary>
internal static class AppsGroup
{
    public const string Name = "apps";
    public const string ApiVersion = "apps/v1";

    /// <summary>The label the Deployment controller adds to a ReplicaSet, its selector and its pods (<c>DefaultDeploymentUniqueLabelKey</c>).</summary>
    public const string PodTemplateHashLabel = "pod-template-hash";

    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
    public const string ChangeCauseAnnotation = "kubernetes.io/change-cause";
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    public static readonly WireFormat Deployments = new(ApiVersion, "Deployment", "DeploymentList", o => o);

    public static readonly WireFormat ReplicaSets = new(ApiVersion, "ReplicaSet", "ReplicaSetList", o => o);

    public static WireFormat FormatOf(ResourceKind kind) => kind == ResourceKind.Deployments ? Deployments : ReplicaSets;

    /// <summary><c>deployments.apps</c>: how the apiserver names a group resource in its messages.</summary>
    public static string Qualified(ResourceKind kind) => kind.Resource + "." + Name;
}
