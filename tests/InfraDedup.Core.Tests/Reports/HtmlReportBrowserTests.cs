using System.Globalization;
using InfraDedup.Core.Reports;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Reports;

/// <summary>Renders the HTML report in headless Chromium: it loads without script errors, draws, and shows the numbers.</summary>
public sealed class HtmlReportBrowserTests(ReportSample sample) : IClassFixture<ReportSample>
{
    [Fact]
    public void The_report_renders_in_chromium_without_script_errors_and_shows_the_key_numbers()
    {
        var chromium = Chromium.Binary();
        using var dir = new TempTree();
        var page = dir.PathOf("report.html");
        File.WriteAllText(page, sample.Html);
        var url = new Uri(page).AbsoluteUri;

        var screenshot = dir.PathOf("shot.png");
        Chromium.Run(chromium, dir.PathOf("profile-1"), url, "--screenshot=" + screenshot, "--window-size=1280,2000");
        var png = File.ReadAllBytes(screenshot);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.True(png.Length > 20_000, $"the screenshot has only {png.Length} bytes; the page probably did not draw");

        var dom = Chromium.Run(chromium, dir.PathOf("profile-2"), url, "--dump-dom");
        Assert.Contains("data-report-ready=\"ok\"", dom, StringComparison.Ordinal);
        Assert.Contains("data-sortable-tables=\"1\"", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<li class=\"report-error\"", dom, StringComparison.Ordinal);
        Assert.Contains("<ul id=\"report-errors\" hidden=\"\"></ul>", dom, StringComparison.Ordinal);

        // The sort buttons exist only when the script ran; the numbers are in the DOM as computed.
        Assert.Contains("<button type=\"button\">Members</button>", dom, StringComparison.Ordinal);
        var sources = sample.Model.Counts.Single(c => c.Measure == "Maintained Dockerfile sources");
        Assert.Contains($"{sources.Before} → {sources.After}", dom, StringComparison.Ordinal);
        Assert.Contains(Html.Percent(sources.Reduction) + " fewer", dom, StringComparison.Ordinal);
        Assert.Contains(sample.Model.Duplicates.WastedBytes.ToString(CultureInfo.InvariantCulture) + " bytes", dom, StringComparison.Ordinal);
        Assert.Contains($"{sample.Model.Validation.Proven} / {sample.Model.Validation.Checks.Count}", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_error_on_the_page_shows_up_in_the_dumped_dom()
    {
        // The check above is only worth something if an error would be caught: break the page on purpose.
        var chromium = Chromium.Binary();
        using var dir = new TempTree();
        var page = dir.PathOf("broken.html");
        File.WriteAllText(page, sample.Html.Replace("</body>", "<script>window.setTimeout(function () { notDefinedAnywhere(); }, 0);</script></body>", StringComparison.Ordinal));

        var dom = Chromium.Run(chromium, dir.PathOf("profile"), new Uri(page).AbsoluteUri, "--dump-dom", "--virtual-time-budget=2000");
        Assert.Contains("<li class=\"report-error\">", dom, StringComparison.Ordinal);
        Assert.Contains("notDefinedAnywhere", dom, StringComparison.Ordinal);
        Assert.Contains("data-report-ready=\"error\"", dom, StringComparison.Ordinal);
    }
}
