using k8s.Models;
using Podvisor.Engine.Admission;

namespace Podvisor.Server.Apps;

/// <summary>
/// The apps/v1 scheme defaults (pkg/apis/apps/v1/defaults.go <c>SetDefaults_Deployment</c>,
/// <c>SetDefaults_ReplicaSet</c>), applied only to unset fields: replicas 1; for a Deployment a RollingUpdate
/// strategy of 25%/25%, <c>revisionHistoryLimit</c> 10, <c>progressDeadlineSeconds</c> 600; and the template's
/// pod spec gets the core/v1 scheme defaults a pod gets, but not what only pod admission adds (tolerations,
/// priority, <c>enableServiceLinks</c>), since a template is not a pod.
/// </summary>
internal sealed class AppsDefaulter(TimeProvider time)
{
    private readonly PodDefaulter _pods = new(time);

    public void Apply(V1Deployment deployment)
    {
        var spec = deployment.Spec ??= new V1DeploymentSpec();
        spec.Replicas ??= 1;
        var strategy = spec.Strategy ??= new V1DeploymentStrategy();
        strategy.Type = string.IsNullOrEmpty(strategy.Type) ? "RollingUpdate" : strategy.Type;
        if (strategy.Type == "RollingUpdate")
        {
            var rolling = strategy.RollingUpdate ??= new V1RollingUpdateDeployment();
            rolling.MaxUnavailable ??= "25%";
            rolling.MaxSurge ??= "25%";
        }

        spec.RevisionHistoryLimit ??= 10;
        spec.ProgressDeadlineSeconds ??= 600;
        spec.Template = Template(spec.Template);
    }

    public void Apply(V1ReplicaSet set)
    {
        var spec = set.Spec ??= new V1ReplicaSetSpec();
        spec.Replicas ??= 1;
        spec.Template = Template(spec.Template);
    }

    private V1PodTemplateSpec Template(V1PodTemplateSpec? template)
    {
        template ??= new V1PodTemplateSpec();
        var spec = template.Spec ??= new V1PodSpec();
        var (tolerations, priority, preemption, serviceLinks) = (spec.Tolerations, spec.Priority, spec.PreemptionPolicy, spec.EnableServiceLinks);
        _pods.Apply(new V1Pod { Metadata = new V1ObjectMeta { Name = "template", NamespaceProperty = "template", Uid = "template", CreationTimestamp = DateTime.UnixEpoch }, Spec = spec });
        (spec.Tolerations, spec.Priority, spec.PreemptionPolicy, spec.EnableServiceLinks) = (tolerations, priority, preemption, serviceLinks);
        return template;
    }
}
