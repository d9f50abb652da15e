using InfraDedup.Core.Lint;
using InfraDedup.Core.Lint.Rules;

namespace InfraDedup.Core.Tests.Lint;

public class LintEngineTests
{
    private const string Unpinned = "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n";

    [Fact]
    public void Hadolint_ignore_pragma_silences_the_next_instruction_only()
    {
        var text = "FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get install -y --no-install-recommends curl\nRUN apt-get install -y --no-install-recommends git\n";
        var findings = Linter.LintText(text).Where(f => f.RuleId == "DL3008").ToList();
        Assert.Equal([4], findings.Select(f => f.Line));
    }

    [Theory]
    [InlineData("# infradedup ignore=DL3008")]
    [InlineData("#hadolint ignore=DL3009,DL3008")]
    [InlineData("# hadolint ignore=DL3009, DL3008")]
    public void Pragma_spellings_are_understood(string pragma) =>
        Assert.DoesNotContain(Linter.LintText($"FROM debian:12\n{pragma}\nRUN apt-get install -y --no-install-recommends curl\n"), f => f.RuleId == "DL3008");

    [Fact]
    public void Pragma_separated_by_a_blank_line_does_not_apply() =>
        Assert.Contains(Linter.LintText("FROM debian:12\n# hadolint ignore=DL3008\n\nRUN apt-get install -y --no-install-recommends curl\n"), f => f.RuleId == "DL3008");

    [Fact]
    public void Global_pragma_silences_the_whole_file()
    {
        var text = "# hadolint global ignore=DL3008,DL3006\nFROM debian\nRUN apt-get install -y --no-install-recommends curl\n";
        var ids = Linter.LintText(text).Select(f => f.RuleId).ToList();
        Assert.DoesNotContain("DL3008", ids);
        Assert.DoesNotContain("DL3006", ids);
        Assert.Contains("ID2003", ids);
    }

    [Fact]
    public void Disable_ignore_pragma_reports_anyway() => Assert.Contains(
        Linter.LintText("FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get install -y --no-install-recommends curl\n", config: LintConfig.Default with { DisableIgnorePragma = true }),
        f => f.RuleId == "DL3008");

    [Fact]
    public void Shell_pragma_turns_off_shell_rules() => Assert.DoesNotContain(
        Linter.LintText("# hadolint shell=powershell\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN cd C:\\ ; sudo x | y\n"),
        f => f.RuleId is "DL3003" or "DL3004" or "DL4006");

    [Fact]
    public void Config_ignored_and_override_apply()
    {
        var config = LintConfig.Default with
        {
            Ignored = new HashSet<string>(["ID2003"], StringComparer.OrdinalIgnoreCase),
            Overrides = new Dictionary<string, LintSeverity>(StringComparer.OrdinalIgnoreCase) { ["DL3008"] = LintSeverity.Error, ["DL3057"] = LintSeverity.Info },
        };
        var findings = Linter.LintText(Unpinned, config: config);
        Assert.DoesNotContain(findings, f => f.RuleId == "ID2003");
        Assert.Equal(LintSeverity.Error, Assert.Single(findings, f => f.RuleId == "DL3008").Severity);
        Assert.Contains(findings, f => f.RuleId == "DL3057" && f.Severity == LintSeverity.Info);
    }

    [Fact]
    public void Override_to_ignore_drops_the_rule() => Assert.DoesNotContain(
        Linter.LintText(Unpinned, config: LintConfig.Default with { Overrides = new Dictionary<string, LintSeverity> { ["DL3008"] = LintSeverity.Ignore } }),
        f => f.RuleId == "DL3008");

    [Theory]
    [InlineData(FailureThreshold.Error, false)]
    [InlineData(FailureThreshold.Warning, true)]
    [InlineData(FailureThreshold.Info, true)]
    [InlineData(FailureThreshold.None, false)]
    public void Failure_threshold_is_inclusive(FailureThreshold threshold, bool fails)
    {
        var findings = Linter.LintText(Unpinned, rules: [new DL3008()]);
        Assert.Equal(fails, new LintReport(["Dockerfile"], findings, []).Fails(threshold));
    }

    [Fact]
    public void Findings_carry_position_and_are_sorted()
    {
        var findings = Linter.LintText("FROM debian\n  RUN apt-get install -y curl \\\n      git\nMAINTAINER x\n", "svc/Dockerfile");
        Assert.Equal(findings.OrderBy(f => f.Line).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList(), findings);
        var pin = Assert.Single(findings, f => f.RuleId == "DL3008");
        Assert.Equal(("svc/Dockerfile", 2, 3, 3), (pin.File, pin.Line, pin.Column, pin.EndLine));
        Assert.Equal("svc/Dockerfile:2 DL3008 warning: " + pin.Message, pin.ToString());
    }

    [Fact]
    public void Onbuild_run_is_checked_and_reported_at_the_onbuild() =>
        Assert.Contains(Linter.LintText("FROM debian:12\nONBUILD RUN sudo make\n"), f => f.RuleId == "DL3004" && f.Line == 2);

    [Fact]
    public void Heredoc_run_script_is_checked() =>
        Assert.Contains(Linter.LintText("# syntax=docker/dockerfile:1\nFROM debian:12\nRUN <<EOF\nset -e\nsudo make\nEOF\n"), f => f.RuleId == "DL3004" && f.Line == 3);

    [Fact]
    public void Exec_form_run_with_sh_c_is_checked() =>
        Assert.Contains(Linter.LintText("FROM debian:12\nRUN [\"sh\", \"-c\", \"sudo make\"]\n"), f => f.RuleId == "DL3004");
}
