using Spectre.Console.Rendering;

namespace InfraDedup.Cli.Rendering;

/// <summary>
/// A command's output for people, each part marked with what it is, so that verbosity is decided in one place
/// (<see cref="Infrastructure.ResultWriter.WriteView"/>): <c>-q</c> keeps the summary line and the failures and drops
/// every detail. What <c>-v</c> adds is the renderer's to choose (more rows, more tables), so renderers take the
/// verbosity; only quiet's rule is fixed here.
/// </summary>
internal sealed class TableView
{
    private readonly List<(IRenderable Item, bool Kept)> _parts = [];

    /// <summary>A part shown by default and with <c>-v</c>, dropped by <c>-q</c> (tables, notes, hints).</summary>
    public TableView Detail(IRenderable item)
    {
        _parts.Add((item, false));
        return this;
    }

    /// <summary>Details only when there are any.</summary>
    public TableView Details(IEnumerable<IRenderable> items)
    {
        foreach (var item in items)
        {
            Detail(item);
        }

        return this;
    }

    /// <summary>What failed (a check, a build, a parse): shown at every verbosity, like errors.</summary>
    public TableView Failure(IRenderable item)
    {
        _parts.Add((item, true));
        return this;
    }

    /// <summary>The one-line summary of the result: shown at every verbosity, alone with the failures under <c>-q</c>.</summary>
    public TableView Summary(IRenderable item)
    {
        _parts.Add((item, true));
        return this;
    }

    /// <summary>The parts to print at <paramref name="verbosity"/>, in order.</summary>
    public IEnumerable<IRenderable> At(Commands.Verbosity verbosity) =>
        _parts.Where(p => Shows(verbosity, p.Kept)).Select(p => p.Item);

    /// <summary>
    /// The rule itself, for output written as it happens (the demo's steps): a summary or failure
    /// (<paramref name="kept"/>) always shows, a detail unless <c>-q</c>.
    /// </summary>
    public static bool Shows(Commands.Verbosity verbosity, bool kept) => kept || verbosity != Commands.Verbosity.Quiet;
}
