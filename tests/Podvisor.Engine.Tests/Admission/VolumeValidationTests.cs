namespace Podvisor.Engine.Tests.Admission;

public sealed class VolumeValidationTests
{
    private const string Data = "volumes:\n- name: data\n  emptyDir: {}";

    public static TheoryData<string, string, string> SingleErrors => new()
    {
        { "volumeMounts:\n- {name: data, mountPath: /data}", "", "spec.containers[0].volumeMounts[0].name: Not found: \"data\"" },
        { "volumeMounts:\n- {name: data, mountPath: ''}", Data, "spec.containers[0].volumeMounts[0].mountPath: Required value" },
        { "volumeMounts:\n- {name: data, mountPath: /a}\n- {name: data, mountPath: /a}", Data, "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/a\": must be unique" },
        { "volumeMounts:\n- {name: data, mountPath: /a, subPath: /abs}", Data, "spec.containers[0].volumeMounts.subPath: Invalid value: \"/abs\": must be a relative path" },
        { "volumeMounts:\n- {name: data, mountPath: /a, subPath: x/../../y}", Data, "spec.containers[0].volumeMounts.subPath: Invalid value: \"x/../../y\": must not contain '..'" },
        { "", "volumes:\n- name: data\n  emptyDir: {}\n- name: data\n  emptyDir: {}", "spec.volumes[1].name: Duplicate value: \"data\"" },
        { "", "volumes:\n- name: Data_1\n  emptyDir: {}", "spec.volumes[0].name: Invalid value: \"Data_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" },
        { "", "volumes:\n- name: data", "spec.volumes[0]: Required value: must specify a volume type" },
        { "", "volumes:\n- name: data\n  emptyDir: {}\n  hostPath: {path: /srv}", "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type" },
        { "", "volumes:\n- name: data\n  hostPath: {path: ''}", "spec.volumes[0].hostPath.path: Required value" },
        { "", "volumes:\n- name: data\n  hostPath: {path: /srv/../etc}", "spec.volumes[0].hostPath.path: Invalid value: \"/srv/../etc\": must not contain '..'" },
        { "", "volumes:\n- name: data\n  hostPath: {path: /srv, type: Folder}", "spec.volumes[0].hostPath.type: Unsupported value: \"Folder\": supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\"" },
    };

    [Theory]
    [MemberData(nameof(SingleErrors))]
    public void Admit_InvalidVolumeOrMount_ReportsApiserverMessage(string container, string spec, string expected)
    {
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod(container, spec));

        Assert.Equal([$"The Pod \"web\" is invalid: {expected}"], result.Errors);
    }

    [Fact]
    public void Admit_MountOfAnInvalidVolume_IsAlsoNotFound()
    {
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod("volumeMounts:\n- {name: data, mountPath: /data}", "volumes:\n- name: data"));

        Assert.Equal(
            ["The Pod \"web\" is invalid: [spec.volumes[0]: Required value: must specify a volume type, spec.containers[0].volumeMounts[0].name: Not found: \"data\"]"],
            result.Errors);
    }

    [Fact]
    public void Admit_InitContainerMount_IsValidatedToo()
    {
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod(specExtra: "initContainers:\n- name: init\n  image: busybox\n  volumeMounts:\n  - {name: work, mountPath: /work}"));

        Assert.Equal(["The Pod \"web\" is invalid: spec.initContainers[0].volumeMounts[0].name: Not found: \"work\""], result.Errors);
    }

    [Fact]
    public void Admit_EmptyDirAndHostPath_AreHonouredWithoutWarnings()
    {
        var result = AdmissionFixture.Admit(
            AdmissionFixture.Pod(
                "volumeMounts:\n- {name: data, mountPath: /data, readOnly: true}\n- {name: host, mountPath: /host, subPath: logs}",
                "volumes:\n- name: data\n  emptyDir: {}\n- name: host\n  hostPath: {path: /var/log, type: Directory}"),
            strict: true);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Admit_UnhonouredVolumeDetails_AreWarned()
    {
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod(
            "volumeMounts:\n- {name: data, mountPath: /data, subPathExpr: $(POD_NAME)}\n- {name: cfg, mountPath: /cfg, mountPropagation: HostToContainer}",
            "volumes:\n- name: data\n  emptyDir: {medium: Memory, sizeLimit: 64Mi}\n- name: cfg\n  nfs: {server: nas, path: /cfg}"));

        Assert.Empty(result.Errors);
        Assert.Equal(
            [
                "spec.containers[0].volumeMounts: volume type not supported by the process runtime",
                "spec.containers[0].volumeMounts[0].subPathExpr: not supported yet by this version",
                "spec.containers[0].volumeMounts[1].mountPropagation: not enforced by the process runtime",
                "spec.volumes[0].emptyDir.medium: not enforced by the process runtime: the volume is a directory on disk",
                "spec.volumes[0].emptyDir.sizeLimit: not enforced by the process runtime",
                "spec.volumes[1]: volume type not supported by the process runtime",
            ],
            result.Warnings);
    }
}
