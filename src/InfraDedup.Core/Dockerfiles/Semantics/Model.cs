using System.Globalization;
using System.Text;

namespace InfraDedup.Core.Dockerfiles.Semantics;

/// <summary>Back-reference to the instruction that produced a step or config entry (for reports; never compared).</summary>
public sealed record SourceRef(string? Path, int Line, int EndLine, string Text)
{
    public override string ToString() => $"{Path ?? "Dockerfile"}:{Line}: {Text}";

    internal static SourceRef Of(DockerfileDocument doc, DockerfileInstruction ins)
    {
        var text = ins.Node.Original.Trim();
        if (text.Length > 120)
        {
            text = text[..117] + "...";
        }

        return new SourceRef(doc.Path, ins.Node.StartLine, ins.Node.EndLine, text);
    }
}

/// <summary>An environment variable (ENV, or an ARG visible to a RUN step).</summary>
public sealed record EnvVar(string Name, string Value)
{
    public override string ToString() => Name + "=" + Value;
}

/// <summary>A label.</summary>
public sealed record LabelEntry(string Key, string Value)
{
    public override string ToString() => Key + "=" + Value;
}

/// <summary>A HEALTHCHECK with Docker's runtime defaults filled in (interval 30s, timeout 30s, start period 0s, start interval 5s, retries 3).</summary>
public sealed record HealthcheckSpec(EquatableList<string> Test, TimeSpan Interval, TimeSpan Timeout, TimeSpan StartPeriod, TimeSpan StartInterval, int Retries)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultStartInterval = TimeSpan.FromSeconds(5);
    public const int DefaultRetries = 3;

    /// <summary><c>HEALTHCHECK NONE</c>: disables a check inherited from the base.</summary>
    public static HealthcheckSpec None { get; } = new(["NONE"], TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);

    public bool IsNone => Test.Count == 1 && Test[0] == "NONE";

    public override string ToString() => IsNone
        ? "NONE"
        : $"{Test} interval={GoDuration.Format(Interval)} timeout={GoDuration.Format(Timeout)} start-period={GoDuration.Format(StartPeriod)} start-interval={GoDuration.Format(StartInterval)} retries={Retries}";
}

/// <summary>
/// The final image configuration of a stage, as BuildKit writes it: ordered Env (a later ENV replaces a variable in place),
/// sorted sets for ports/volumes/labels. Null Entrypoint/Cmd/Shell mean "not set".
/// </summary>
public sealed record ImageConfig(
    EquatableList<EnvVar> Env,
    string User,
    string WorkingDir,
    EquatableList<string>? Entrypoint,
    EquatableList<string>? Cmd,
    EquatableList<string> ExposedPorts,
    EquatableList<string> Volumes,
    EquatableList<LabelEntry> Labels,
    HealthcheckSpec? Healthcheck,
    string? StopSignal,
    EquatableList<string>? Shell,
    EquatableList<string> OnBuild,
    string? Author)
{
    public static ImageConfig Empty { get; } = new([], string.Empty, string.Empty, null, null, [], [], [], null, null, null, [], null);

    /// <summary>Config keys in the order <see cref="SpecDiff"/> compares them, with printable values.</summary>
    public IEnumerable<(string Key, string Value)> Entries()
    {
        var names = Env.Select(e => e.Name).ToList();
        yield return ("Env", string.Join(" ", names));
        foreach (var e in Env)
        {
            yield return ("Env." + e.Name, e.Value);
        }

        yield return ("User", User);
        yield return ("WorkingDir", WorkingDir);
        yield return ("Entrypoint", Show(Entrypoint));
        yield return ("Cmd", Show(Cmd));
        yield return ("ExposedPorts", string.Join(" ", ExposedPorts));
        yield return ("Volumes", string.Join(" ", Volumes));
        yield return ("Labels", string.Join(" ", Labels.Select(l => l.Key)));
        foreach (var l in Labels)
        {
            yield return ("Labels." + l.Key, l.Value);
        }

        yield return ("Healthcheck", Healthcheck?.ToString() ?? "(not set)");
        yield return ("StopSignal", StopSignal ?? "(not set)");
        yield return ("Shell", Show(Shell));
        yield return ("OnBuild", string.Join(" | ", OnBuild));
        yield return ("Author", Author ?? "(not set)");
    }

    internal static string Show(EquatableList<string>? list) => list is null ? "(not set)" : GoJsonList(list);

    internal static string GoJsonList(IEnumerable<string> items)
    {
        var sb = new StringBuilder("[");
        var first = true;
        foreach (var s in items)
        {
            sb.Append(first ? string.Empty : ", ").Append('"').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            first = false;
        }

        return sb.Append(']').ToString();
    }
}

/// <summary>The kind of a filesystem-changing step.</summary>
public enum StepKind
{
    Run,
    Copy,
    Add,

    /// <summary>WORKDIR creating its directory (BuildKit mkdir -p, owned by the current user).</summary>
    Workdir,
}

/// <summary>
/// What a step runs in. <see cref="Env"/> and <see cref="Shell"/> are only filled for RUN (the process environment:
/// ENV, then ARGs in scope that have a value, then proxy build args); COPY/ADD/WORKDIR do not execute anything.
/// </summary>
public sealed record StepContext(string User, string WorkingDir, EquatableList<EnvVar> Env, EquatableList<string> Shell)
{
    public override string ToString() =>
        $"user={(User.Length == 0 ? "(root)" : User)} workdir={WorkingDir}" + (Env.Count > 0 ? " env=" + string.Join(",", Env) : string.Empty);
}

/// <summary>
/// A heredoc carried by a step as BuildKit uses it: <c>&lt;&lt;-</c> tabs already stripped, COPY/ADD content expanded when the
/// delimiter was unquoted. RUN heredocs that BuildKit folds into the command line appear in the command instead.
/// </summary>
public sealed record HeredocSpec(string Name, string Content);

/// <summary>
/// Where COPY --from / RUN --mount from= reads: another stage (compared by its spec, not its name or index) or an
/// external image (compared by reference).
/// </summary>
public sealed record StepSourceRef(string? Image, StageSpec? Stage)
{
    public override string ToString() => Stage is not null ? $"stage {Stage.Name ?? "#" + Stage.Index.ToString(CultureInfo.InvariantCulture)}" : "image " + Image;
}

/// <summary>A RUN --mount, its options normalized (sorted, from= split out into <see cref="From"/>).</summary>
public sealed record MountSpec(string Options, StepSourceRef? From)
{
    public override string ToString() => Options + (From is null ? string.Empty : ",from=<" + From + ">");
}

/// <summary>One filesystem-changing step with everything that determines its effect.</summary>
public sealed record BuildStep(
    StepKind Kind,
    StepContext Context,
    EquatableList<string> Command,
    EquatableList<string> Sources,
    EquatableList<string> ContextSources,
    string? Dest,
    StepSourceRef? From,
    string? Chown,
    string? Chmod,
    bool Link,
    EquatableList<MountSpec> Mounts,
    string? Network,
    string? Security,
    EquatableList<string> OtherFlags,
    EquatableList<HeredocSpec> Heredocs,
    SourceRef? Origin)
{
    /// <summary>Structural equality over everything except <see cref="Origin"/>.</summary>
    public bool Equals(BuildStep? other) =>
        other is not null && (ReferenceEquals(this, other) || (Kind == other.Kind && Context == other.Context && Command == other.Command
            && Sources == other.Sources && ContextSources == other.ContextSources && Dest == other.Dest && From == other.From
            && Chown == other.Chown && Chmod == other.Chmod && Link == other.Link && Mounts == other.Mounts && Network == other.Network
            && Security == other.Security && OtherFlags == other.OtherFlags && Heredocs == other.Heredocs));

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Kind);
        h.Add(Context);
        h.Add(Command);
        h.Add(Sources);
        h.Add(ContextSources);
        h.Add(Dest);
        h.Add(From);
        h.Add(Chown);
        h.Add(Chmod);
        h.Add(Link);
        h.Add(Mounts);
        h.Add(Network);
        h.Add(Security);
        h.Add(OtherFlags);
        h.Add(Heredocs);
        return h.ToHashCode();
    }

    /// <summary>A one-line human-readable description.</summary>
    public string Describe()
    {
        var sb = new StringBuilder(Kind.ToString().ToUpperInvariant());
        void Opt(string name, string? value)
        {
            if (value is not null)
            {
                sb.Append(" --").Append(name).Append('=').Append(value);
            }
        }

        Opt("from", From?.ToString());
        Opt("chown", Chown);
        Opt("chmod", Chmod);
        if (Link)
        {
            sb.Append(" --link");
        }

        foreach (var m in Mounts)
        {
            Opt("mount", m.ToString());
        }

        Opt("network", Network);
        Opt("security", Security);
        foreach (var f in OtherFlags)
        {
            sb.Append(' ').Append(f);
        }

        switch (Kind)
        {
            case StepKind.Run:
                sb.Append(' ').Append(ImageConfig.GoJsonList(Command));
                break;
            case StepKind.Workdir:
                sb.Append(' ').Append(Dest);
                break;
            default:
                sb.Append(' ').Append(string.Join(" ", Sources)).Append(' ').Append(Dest);
                break;
        }

        foreach (var h in Heredocs)
        {
            sb.Append(" <<").Append(h.Name).Append(" (").Append(h.Content.Length).Append(" chars: ")
              .Append(h.Content.Length > 40 ? h.Content[..40].Replace("\n", "\\n", StringComparison.Ordinal) + "..." : h.Content.Replace("\n", "\\n", StringComparison.Ordinal)).Append(')');
        }

        return sb.Append(" [").Append(Context).Append(']').ToString();
    }

    public override string ToString() => Describe();
}

/// <summary>
/// The effective spec of one stage: its root image (the first external image or <c>scratch</c> reached by following
/// FROM through earlier stages and resolver-known bases), platform, final config and the full ordered step list
/// (inherited steps first). Equality ignores <see cref="Index"/>, <see cref="Name"/> and the back-references.
/// </summary>
public sealed record StageSpec(
    int Index,
    string? Name,
    string BaseImage,
    string? Platform,
    ImageConfig Config,
    EquatableList<BuildStep> Steps,
    IReadOnlyDictionary<string, SourceRef> ConfigOrigins,
    SourceRef? Origin)
{
    /// <summary>Directories created by trailing WORKDIR steps (no step since): a repeated WORKDIR there is a no-op.</summary>
    internal IReadOnlySet<string> TrailingCreatedDirs { get; init; } = new HashSet<string>();

    /// <summary>
    /// The build state's environment at the end of the stage: ENV plus ARG values, last write wins (BuildKit adds
    /// both to the LLB state). A <c>FROM &lt;stage&gt;</c> child starts from it; it is visible through the child's steps.
    /// </summary>
    internal IReadOnlyList<EnvVar> StateEnv { get; init; } = [];

    /// <summary>Whether this spec came from a stage of the same document (its ARG values carry into FROM children).</summary>
    internal bool IsLocalStage { get; init; }

    public bool Equals(StageSpec? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (BaseImage == other.BaseImage && Platform == other.Platform && Config == other.Config && Steps == other.Steps));

    public override int GetHashCode() => HashCode.Combine(BaseImage, Platform, Config, Steps);

    public override string ToString() => $"stage {Name ?? "#" + Index.ToString(CultureInfo.InvariantCulture)} FROM {BaseImage}, {Steps.Count} steps";

    /// <summary>
    /// Every build-context path this stage reads, including through COPY --from and RUN --mount from= stages
    /// (sorted, distinct) — the files a planner must hash alongside the spec.
    /// </summary>
    public IReadOnlyList<string> AllContextSources()
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<StageSpec>(ReferenceEqualityComparer.Instance);
        void Visit(StageSpec stage)
        {
            if (!seen.Add(stage))
            {
                return;
            }

            foreach (var step in stage.Steps)
            {
                paths.UnionWith(step.ContextSources);
                if (step.From?.Stage is { } from)
                {
                    Visit(from);
                }

                foreach (var m in step.Mounts)
                {
                    if (m.From?.Stage is { } ms)
                    {
                        Visit(ms);
                    }
                }
            }
        }

        Visit(this);
        return [.. paths];
    }

    /// <summary>A multi-line listing: root, steps, config (for reports and debugging).</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append("FROM ").Append(BaseImage).Append(Platform is null ? string.Empty : " (platform " + Platform + ")").Append('\n');
        for (var i = 0; i < Steps.Count; i++)
        {
            sb.Append("  [").Append(i).Append("] ").Append(Steps[i].Describe()).Append('\n');
        }

        foreach (var (key, value) in Config.Entries())
        {
            sb.Append("  ").Append(key).Append(": ").Append(value).Append('\n');
        }

        return sb.ToString();
    }
}

/// <summary>
/// The effective image spec of a Dockerfile for given build args and target: the target stage's spec plus the
/// other reachable stages. Two Dockerfiles are equivalent when their specs are equal; equality compares the target
/// stage's spec and whether either computation had errors (specs with errors prove nothing).
/// </summary>
public sealed record EffectiveImageSpec(StageSpec Target, EquatableList<StageSpec> ReachableStages, EquatableList<DockerfileDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => !d.IsWarning);

    public bool Equals(EffectiveImageSpec? other) =>
        other is not null && (ReferenceEquals(this, other) || (HasErrors == other.HasErrors && Target == other.Target));

    public override int GetHashCode() => HashCode.Combine(HasErrors, Target);
}
