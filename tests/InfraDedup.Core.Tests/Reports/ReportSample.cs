using InfraDedup.Core.Reports;
using InfraDedup.Core.Sample;
using InfraDedup.Core.Tests.TestSupport;

namespace InfraDedup.Core.Tests.Reports;

/// <summary>
/// A small deterministic sample (6 services, seed 11) and its report, made once per test class: the sources are the
/// same ones the command loads (scan, plan computed in memory, lint), the names are fixed so output is reproducible.
/// </summary>
public sealed class ReportSample : IDisposable
{
    public const string Name = "sample";

    private readonly TempTree _tree = new();

    public ReportSample()
    {
        Truth = SampleGenerator.Generate(new SampleOptions { OutputDirectory = _tree.Root, Services = 6, Seed = 11, Overwrite = true });
        Sources = ReportLoader.Load(_tree.Root, new ReportLoadOptions { Plan = new Core.Planning.PlanOptions { Project = Name } });
        Model = ReportBuilder.Build(Sources, new ReportOptions { RootName = Name, RootArgument = Name });
        Markdown = MarkdownReport.Render(Model);
        Html = HtmlReport.Render(Model);
    }

    public string Root => _tree.Root;

    public SampleGroundTruth Truth { get; }

    public ReportSources Sources { get; }

    public ReportModel Model { get; }

    public string Markdown { get; }

    public string Html { get; }

    public void Dispose() => _tree.Dispose();
}
