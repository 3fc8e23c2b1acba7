using k8s.Models;
using Podvisor.Engine.Chaos;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Tests.Chaos;

public sealed class ChaosPlannerTests
{
    private static readonly HookHandler Exec = new ExecHookHandler(["sh", "-c", "true"]);
    private static readonly HookHandler HttpGet = new HttpGetHookHandler("HTTP", null, (IntOrString)"8080", "/hook", []);
    private static readonly HookHandler Sleep = new SleepHookHandler(1);
    private static readonly HookHandler TcpSocket = new UnsupportedHookHandler("tcpSocket");

    public static TheoryData<string, string, string, bool, bool, bool> Hooks => new()
    {
        // --chaos value, phase, handler, run twice, before entrypoint, drop request
        { "", "PostStart", "exec", false, false, false },
        { "", "PreStop", "httpGet", false, false, false },
        { "poststart-twice", "PostStart", "exec", true, false, false },
        { "poststart-twice", "PostStart", "httpGet", true, false, false },
        { "poststart-twice", "PostStart", "sleep", true, false, false },
        { "poststart-twice", "PostStart", "tcpSocket", false, false, false },
        { "poststart-twice", "PreStop", "exec", false, false, false },
        { "poststart-early", "PostStart", "exec", false, true, false },
        { "poststart-early", "PostStart", "httpGet", false, true, false },
        { "poststart-early", "PostStart", "tcpSocket", false, true, false },
        { "poststart-early", "PreStop", "exec", false, false, false },
        { "drop-http-hook", "PostStart", "httpGet", false, false, true },
        { "drop-http-hook", "PreStop", "httpGet", false, false, true },
        { "drop-http-hook", "PostStart", "exec", false, false, false },
        { "drop-http-hook", "PreStop", "sleep", false, false, false },
        { "drop-http-hook,poststart-twice", "PostStart", "httpGet", false, false, true },
        { "drop-http-hook,poststart-twice", "PostStart", "exec", true, false, false },
        { "drop-http-hook,poststart-early", "PostStart", "httpGet", false, true, true },
        { "late-stop-signal", "PreStop", "httpGet", false, false, false },
        { "late-stop-signal", "PostStart", "exec", false, false, false },
    };

    [Theory]
    [MemberData(nameof(Hooks))]
    public void ForHook_AppliesEachFaultOnlyToItsHooks(string chaos, string phase, string handler, bool twice, bool early, bool drop)
    {
        var plan = ChaosPlanner.ForHook(Faults(chaos), Enum.Parse<HookPhase>(phase), HandlerNamed(handler));

        Assert.Equal(new HookChaos(twice, early, drop), plan);
        Assert.Equal(!twice && !early && !drop, plan.IsNone);
    }

    [Theory]
    [InlineData("late-stop-signal", 30, 28)]
    [InlineData("late-stop-signal", 5, 3)]
    [InlineData("late-stop-signal", 2.5, 0.5)]
    [InlineData("late-stop-signal", 2, 0)]
    [InlineData("late-stop-signal", 1, 0)]
    [InlineData("late-stop-signal", 0, 0)]
    [InlineData("", 30, 0)]
    [InlineData("poststart-twice,drop-http-hook", 30, 0)]
    [InlineData("late-stop-signal,poststart-twice", 10, 8)]
    public void StopSignalHold_LeavesTheKubeletsTwoSecondMinimum(string chaos, double remainingSeconds, double holdSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(holdSeconds), ChaosPlanner.StopSignalHold(Faults(chaos), TimeSpan.FromSeconds(remainingSeconds)));

    [Fact]
    public void HeldArgv_ExecsTheOriginalArgvUnchanged_AfterTheMarker()
    {
        var held = ChaosPlanner.HeldArgv(["/usr/bin/app", "--flag", "two words", "$(NOT_EXPANDED)"], "/tmp/.marker");

        Assert.Equal("/bin/sh", held[0]);
        Assert.Equal("-c", held[1]);
        Assert.Contains("exec \"$@\"", held[2], StringComparison.Ordinal);
        Assert.Equal(["/tmp/.marker", "/usr/bin/app", "--flag", "two words", "$(NOT_EXPANDED)"], held.Skip(3));
    }

    [Fact]
    public void MarkerFor_IsPerInstance_InTheContainersTmp()
    {
        Assert.Equal("/tmp/.podvisor-chaos-abc", ChaosPlanner.MarkerFor("abc"));
        Assert.NotEqual(ChaosPlanner.MarkerFor("a"), ChaosPlanner.MarkerFor("b"));
    }

    private static ChaosFaults Faults(string chaos)
    {
        Assert.True(ChaosFaultNames.TryParse(chaos.Length == 0 ? [] : [chaos], out var faults, out var error), error);
        return faults;
    }

    private static HookHandler HandlerNamed(string name) => name switch
    {
        "exec" => Exec,
        "httpGet" => HttpGet,
        "sleep" => Sleep,
        "tcpSocket" => TcpSocket,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown handler kind"),
    };
}
