namespace Podvisor.Cli.Report;

/// <summary>The page's inline stylesheet and legend: system fonts only, nothing fetched.</summary>
internal static class TimelineReportStyle
{
    public const string Css = """
        body{font:14px system-ui,sans-serif;margin:16px;color:#222;background:#fff}
        h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:18px 0 6px}
        svg text{font:12px system-ui,sans-serif;fill:#222}
        text.pod{font-weight:600;font-size:13px}text.name{font-weight:600}text.kind{fill:#777;font-size:11px}
        text.tick{fill:#666;font-size:11px;text-anchor:middle}line.grid{stroke:#e6e6e6}
        rect.lane{fill:#fafafa;stroke:#eee}rect.lane.pod{fill:#f1f4f8}
        rect.state.waiting{fill:#f3c64f}rect.state.r-crashloopbackoff{fill:#e8823a}rect.state.r-startfailed{fill:#e8823a}
        rect.state.running{fill:#43a047}rect.state.terminated{fill:#9e9e9e}rect.state.terminated.r-error,rect.state.r-oomkilled{fill:#8d3b3b}
        rect.hook.poststart{fill:#3f51b5}rect.hook.prestop{fill:#8e44ad}rect.hook.o-failed,rect.hook.o-timedout{stroke:#d32f2f;stroke-width:2}
        rect.grace{fill:rgba(255,152,0,.16);stroke:rgba(255,152,0,.6);stroke-dasharray:4 3}
        g.signal line{stroke-width:2}g.signal.stop line{stroke:#f57c00}g.signal.kill line{stroke:#d32f2f}
        g.signal.stop text{fill:#e65100;font-size:10px}g.signal.kill text{fill:#d32f2f;font-size:10px;font-weight:600}
        line.probe{stroke-width:2}line.probe.good{stroke:#2e7d32}line.probe.bad{stroke:#d32f2f}
        circle.event.normal{fill:#607d8b}circle.event.warning{fill:#f9a825;stroke:#8d6e00}
        g.podstep line{stroke:#455a64;stroke-dasharray:2 2}g.podstep text{fill:#455a64;font-size:10px}
        table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
        th{background:#f3f3f3}.legend span{display:inline-block;margin-right:14px}
        .sw{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle}
        """;

    public const string Legend = """
        <p class="legend"><span><i class="sw" style="background:#f3c64f"></i>Waiting</span><span><i class="sw" style="background:#e8823a"></i>CrashLoopBackOff</span><span><i class="sw" style="background:#43a047"></i>Running</span><span><i class="sw" style="background:#9e9e9e"></i>Terminated</span><span><i class="sw" style="background:#3f51b5"></i>postStart</span><span><i class="sw" style="background:#8e44ad"></i>preStop</span><span><i class="sw" style="background:rgba(255,152,0,.3)"></i>grace period (to the SIGKILL deadline)</span><span><i class="sw" style="background:#f57c00"></i>stop signal</span><span><i class="sw" style="background:#d32f2f"></i>SIGKILL</span><span>ticks: probe results · dots: events · hover for details</span></p>

        """;
}
