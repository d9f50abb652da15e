using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace InfraDedup.Core.Dockerfiles.Semantics;

/// <summary>
/// Computes the effective image spec of a Dockerfile the way BuildKit's dockerfile2llb dispatches it: ARG/ENV scoping,
/// word expansion on the instructions the builder expands, the final image config and the filesystem-changing steps.
/// </summary>
public static class EffectiveImage
{
    /// <summary>Computes the spec of <paramref name="target"/> (or the last stage). Never throws; problems are diagnostics.</summary>
    public static EffectiveImageSpec Compute(
        DockerfileDocument doc,
        IReadOnlyDictionary<string, string> buildArgs,
        string? target = null,
        IBaseImageResolver? resolver = null) =>
        Compute(doc, buildArgs, target, resolver, null);

    internal static EffectiveImageSpec Compute(
        DockerfileDocument doc,
        IReadOnlyDictionary<string, string> buildArgs,
        string? target,
        IBaseImageResolver? resolver,
        IReadOnlySet<DockerfileInstruction>? skip)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(buildArgs);
        if (resolver is not null || skip is not null)
        {
            return new Evaluator(doc, buildArgs, resolver, skip, new HashSet<string>(StringComparer.Ordinal)).Run(target);
        }

        return Remembered(doc, buildArgs, target).Spec();
    }

    /// <summary>
    /// <see cref="Compute(DockerfileDocument, IReadOnlyDictionary{string, string}, string?, IBaseImageResolver?)"/> of a
    /// document evaluated once and dropped (a proof's rendering): the same spec, not remembered with the document (what
    /// remembering costs, about a fifth of an evaluation, buys nothing there).
    /// </summary>
    internal static EffectiveImageSpec ComputeOnce(DockerfileDocument doc, IReadOnlyDictionary<string, string> buildArgs)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(buildArgs);
        return new Evaluator(doc, buildArgs, null, null, new HashSet<string>(StringComparer.Ordinal)).Run(null);
    }

    /// <summary>
    /// Every build-context path the target stage reads (<see cref="StageSpec.AllContextSources"/>), remembered with the
    /// document: plans ask it of every Dockerfile for each build configuration, in several stages.
    /// </summary>
    public static IReadOnlyList<string> ContextSources(DockerfileDocument doc, IReadOnlyDictionary<string, string> buildArgs, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(buildArgs);
        return Remembered(doc, buildArgs, target).Sources();
    }

    /// <summary>
    /// A plan asks for the same spec of an original many times (build-arg and template proofs, context-leak checks,
    /// files copied into build contexts); it depends only on the document, the args and the target.
    /// </summary>
    private static KnownSpec Remembered(DockerfileDocument doc, IReadOnlyDictionary<string, string> buildArgs, string? target)
    {
        var known = Known.GetValue(doc, _ => new Dictionary<(string?, string), KnownSpec>());
        var key = (target, ArgsKey(buildArgs));
        lock (known)
        {
            if (!known.TryGetValue(key, out var entry))
            {
                // The args are copied: a caller may change its dictionary afterwards (no args: one empty dictionary,
                // which nothing changes, serves every document).
                entry = new KnownSpec(doc, buildArgs.Count == 0 ? NoArgs : new Dictionary<string, string>(buildArgs, StringComparer.Ordinal), target);
                known[key] = entry;
            }

            return entry;
        }
    }

    /// <summary>
    /// One remembered evaluation. The spec is held weakly (a spec of a large Dockerfile is many objects, and a plan
    /// evaluates thousands): when the collector took it, it is computed again, the same. Its context sources are
    /// small and kept.
    /// </summary>
    private sealed class KnownSpec(DockerfileDocument doc, IReadOnlyDictionary<string, string> args, string? target)
    {
        private readonly Lock _gate = new();
        private readonly WeakReference<EffectiveImageSpec?> _spec = new(null);
        private IReadOnlyList<string>? _sources;

        public EffectiveImageSpec Spec()
        {
            lock (_gate)
            {
                if (_spec.TryGetTarget(out var spec) && spec is not null)
                {
                    return spec;
                }
            }

            var computed = new Evaluator(doc, args, null, null, new HashSet<string>(StringComparer.Ordinal)).Run(target);
            lock (_gate)
            {
                // Another thread may have computed it meanwhile: keep one, so callers see one object.
                if (_spec.TryGetTarget(out var spec) && spec is not null)
                {
                    return spec;
                }

                _spec.SetTarget(computed);
                return computed;
            }
        }

        public IReadOnlyList<string> Sources()
        {
            lock (_gate)
            {
                if (_sources is not null)
                {
                    return _sources;
                }
            }

            var sources = Spec().Target.AllContextSources();
            lock (_gate)
            {
                return _sources ??= sources;
            }
        }
    }

    /// <summary>No build args: one empty, read-only set for every caller that passes none (and every evaluation remembered without any).</summary>
    internal static IReadOnlyDictionary<string, string> NoArgs { get; } = new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Remembered evaluations per document (weak: a document no one holds any more takes them with it).</summary>
    private static readonly ConditionalWeakTable<DockerfileDocument, Dictionary<(string?, string), KnownSpec>> Known = new();

    /// <summary>The build args as one string, independent of their order (each name and value prefixed by its length).</summary>
    private static string ArgsKey(IReadOnlyDictionary<string, string> args)
    {
        if (args.Count == 0)
        {
            return string.Empty;
        }

        var names = args.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var name in names)
        {
            var value = args[name];
            sb.Append(name.Length).Append(':').Append(name).Append(value.Length).Append(':').Append(value);
        }

        return sb.ToString();
    }
}

internal sealed class Evaluator
{
    internal static readonly string[] ProxyArgs =
    [
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    ];

    private static readonly string[] AutomaticArgs =
    [
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",
    ];

    private static readonly EquatableList<string> DefaultShell = ["/bin/sh", "-c"];

    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private readonly DockerfileDocument _doc;
    private readonly IReadOnlyDictionary<string, string> _buildArgs;
    private readonly IBaseImageResolver? _resolver;
    private readonly IReadOnlySet<DockerfileInstruction>? _skip;
    private readonly HashSet<string> _resolving;
    private readonly List<DockerfileDiagnostic> _diags = [];
    private readonly IReadOnlyList<DockerfileStage> _stages;
    private readonly StageSpec?[] _specs;
    private readonly int[] _state;
    private readonly Dictionary<string, string?> _meta = new(StringComparer.Ordinal);

    public Evaluator(DockerfileDocument doc, IReadOnlyDictionary<string, string> buildArgs, IBaseImageResolver? resolver, IReadOnlySet<DockerfileInstruction>? skip, HashSet<string> resolving)
    {
        _doc = doc;
        _buildArgs = buildArgs;
        _resolver = resolver;
        _skip = skip;
        _resolving = resolving;
        _stages = doc.Stages;
        _specs = new StageSpec?[_stages.Count];
        _state = new int[_stages.Count];
    }

    public EffectiveImageSpec Run(string? target)
    {
        _diags.AddRange(_doc.Diagnostics);
        if (_stages.Count == 0)
        {
            Error(1, "no FROM instruction: nothing to build");
            var empty = new StageSpec(0, null, "scratch", null, ImageConfig.Empty, [], new Dictionary<string, SourceRef>(), null);
            return new EffectiveImageSpec(empty, [], _diags.ToEquatableList());
        }

        foreach (var name in AutomaticArgs)
        {
            if (_buildArgs.TryGetValue(name, out var v))
            {
                _meta[name] = v;
            }
        }

        foreach (var ins in _doc.GlobalInstructions)
        {
            if (Skipped(ins))
            {
                continue;
            }

            if (ins is ArgInstruction arg)
            {
                foreach (var d in arg.Declarations)
                {
                    _meta[d.Name] = _buildArgs.TryGetValue(d.Name, out var bv) ? bv
                        : d.DefaultValue is not null ? Expand(d.DefaultValue, MetaEnv(), ins) : null;
                }
            }
            else
            {
                Error(ins.Node.StartLine, $"{ins.Name} before the first FROM has no effect (only ARG is allowed there)");
            }
        }

        var index = _stages.Count - 1;
        if (target is not null)
        {
            var t = FindStage(target);
            if (t < 0)
            {
                Error(1, $"target stage '{target}' not found");
            }
            else
            {
                index = t;
            }
        }

        var spec = Stage(index);
        return new EffectiveImageSpec(spec, _specs.Where(s => s is not null).Select(s => s!).ToEquatableList(), _diags.ToEquatableList());
    }

    private bool Skipped(DockerfileInstruction ins) => _skip is not null && _skip.Contains(ins);

    private void Error(int line, string message) => _diags.Add(new DockerfileDiagnostic(_doc.Path, line, 1, message));

    private Dictionary<string, string> MetaEnv()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in _meta)
        {
            if (v is not null)
            {
                env[k] = v;
            }
        }

        return env;
    }

    private string Expand(string word, IReadOnlyDictionary<string, string> env, DockerfileInstruction ins)
    {
        if (IsLiteral(word))
        {
            return word;
        }

        var r = VariableExpander.Expand(word, env, _doc.EscapeToken);
        if (!r.Success)
        {
            Error(ins.Node.StartLine, $"{ins.Name}: {r.Error}");
            return word;
        }

        return r.Value;
    }

    /// <summary>
    /// Whether expansion gives the word back unchanged: no <c>$</c>, no quote, no escape character and no surrogate
    /// (the shell lexer copies every other character as it is), so most words need neither the lexer nor an environment.
    /// </summary>
    private bool IsLiteral(string word)
    {
        var escape = _doc.EscapeToken;
        foreach (var c in word)
        {
            if (c is '$' or '\'' or '"' || c == escape || char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private IReadOnlyList<string> ExpandWords(string word, IReadOnlyDictionary<string, string> env, DockerfileInstruction ins)
    {
        var r = VariableExpander.ExpandWords(word, env, _doc.EscapeToken);
        if (!r.Success)
        {
            Error(ins.Node.StartLine, $"{ins.Name}: {r.Error}");
            return [word];
        }

        return r.Words;
    }

    private int FindStage(string name)
    {
        for (var i = 0; i < _stages.Count; i++)
        {
            if (string.Equals(_stages[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    internal StageSpec Stage(int i)
    {
        if (_state[i] == 2)
        {
            return _specs[i]!;
        }

        if (_state[i] == 1)
        {
            Error(_stages[i].From.Node.StartLine, $"circular dependency on stage {_stages[i].Name ?? i.ToString(CultureInfo.InvariantCulture)}");
            return new StageSpec(i, _stages[i].Name, "<cycle>", null, ImageConfig.Empty, [], new Dictionary<string, SourceRef>(), null);
        }

        _state[i] = 1;
        var spec = new StageBuilder(this, i).Build();
        _specs[i] = spec;
        _state[i] = 2;
        return spec;
    }

    private StageSpec? ResolveBase(string image, DockerfileInstruction ins)
    {
        if (_resolver is null)
        {
            return null;
        }

        if (_resolving.Contains(image))
        {
            Error(ins.Node.StartLine, $"cycle while resolving base image '{image}'");
            return new StageSpec(0, null, "<cycle:" + image + ">", null, ImageConfig.Empty, [], new Dictionary<string, SourceRef>(), null);
        }

        var def = _resolver.Resolve(image);
        if (def is null)
        {
            return null;
        }

        _resolving.Add(image);
        try
        {
            var sub = new Evaluator(def.Document, def.BuildArgs, _resolver, null, _resolving).Run(def.Target);
            foreach (var d in sub.Diagnostics.Where(d => !d.IsWarning))
            {
                _diags.Add(d with { Message = $"in base image '{image}': {d.Message}" });
            }

            return sub.Target with { IsLocalStage = false };
        }
        finally
        {
            _resolving.Remove(image);
        }
    }

    internal sealed class StageBuilder
    {
        private readonly Evaluator _ev;
        private readonly int _index;
        private readonly DockerfileStage _stage;
        private readonly List<EnvVar> _stateEnv = [];
        private readonly List<EnvVar> _env = [];
        private readonly SortedSet<string> _ports = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _volumes = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, string> _labels = new(StringComparer.Ordinal);
        private readonly List<string> _onBuild = [];
        private readonly List<BuildStep> _steps = [];
        private readonly Dictionary<string, SourceRef> _origins = new(StringComparer.Ordinal);
        private readonly HashSet<string> _createdDirs = new(StringComparer.Ordinal);
        private string _user = string.Empty;
        private string _workdir = string.Empty;
        private EquatableList<string>? _entrypoint;
        private EquatableList<string>? _cmd;
        private HealthcheckSpec? _healthcheck;
        private string? _stopSignal;
        private EquatableList<string>? _shell;
        private string? _author;
        private bool _cmdSet;
        private DockerfileDocument _currentDoc;

        public StageBuilder(Evaluator ev, int index)
        {
            _ev = ev;
            _index = index;
            _stage = ev._stages[index];
            _currentDoc = ev._doc;
        }

        private EquatableList<string> EffectiveShell => _shell ?? DefaultShell;

        private string RunWorkdir => _workdir.Length == 0 ? "/" : _workdir;

        public StageSpec Build()
        {
            var from = _stage.From;
            var meta = _ev.MetaEnv();
            var image = _ev.Expand(from.Image, meta, from);
            var platform = from.Platform is { } p ? _ev.Expand(p, meta, from) : null;
            StageSpec? parent = null;
            var root = image;
            var j = _ev.FindStage(image);
            if (j >= 0 && j < _index)
            {
                parent = _ev.Stage(j);
            }
            else if (j >= _index)
            {
                _ev.Error(from.Node.StartLine, $"FROM {image}: refers to this or a later stage");
            }
            else if (!image.Equals("scratch", StringComparison.OrdinalIgnoreCase))
            {
                parent = _ev.ResolveBase(image, from);
            }
            else
            {
                root = "scratch";
            }

            if (parent is not null)
            {
                Inherit(parent);
                root = parent.BaseImage;
                platform ??= parent.Platform;
            }

            if (root == "scratch" && !_env.Any(e => e.Name == "PATH"))
            {
                // BuildKit makes sure PATH is always set; only for scratch do we know the base config lacks it.
                Set(_env, "PATH", DefaultPath);
                Set(_stateEnv, "PATH", DefaultPath);
                _expandEnv = null;
            }

            if (parent is { Config.OnBuild.Count: > 0 })
            {
                var triggers = parent.Config.OnBuild;
                _onBuild.Clear();
                foreach (var t in triggers)
                {
                    var tdoc = DockerfileParser.Parse(t + "\n", (parent.Origin?.Path ?? "base") + " ONBUILD");
                    _currentDoc = tdoc;
                    foreach (var ins in tdoc.Instructions)
                    {
                        Dispatch(ins);
                    }
                }

                _currentDoc = _ev._doc;
            }

            foreach (var ins in _stage.Instructions)
            {
                if (!_ev.Skipped(ins))
                {
                    Dispatch(ins);
                }
            }

            var config = new ImageConfig(
                _env.ToEquatableList(), _user, _workdir, _entrypoint, _cmd, _ports.ToEquatableList(), _volumes.ToEquatableList(),
                _labels.Select(kv => new LabelEntry(kv.Key, kv.Value)).ToEquatableList(), _healthcheck, _stopSignal, _shell,
                _onBuild.ToEquatableList(), _author);
            return new StageSpec(_index, _stage.Name, root, platform, config, _steps.ToEquatableList(), _origins, SourceRef.Of(_ev._doc, from))
            {
                // The builder is done with both (one Build per builder): handed over, not copied.
                TrailingCreatedDirs = _createdDirs,
                StateEnv = _stateEnv,
                IsLocalStage = true,
            };
        }

        private void Inherit(StageSpec parent)
        {
            var c = parent.Config;
            _env.AddRange(c.Env);
            _user = c.User;
            _workdir = c.WorkingDir;
            _entrypoint = c.Entrypoint;
            _cmd = c.Cmd;
            _ports.UnionWith(c.ExposedPorts);
            _volumes.UnionWith(c.Volumes);
            foreach (var l in c.Labels)
            {
                _labels[l.Key] = l.Value;
            }

            _healthcheck = c.Healthcheck;
            _stopSignal = c.StopSignal;
            _shell = c.Shell;
            _onBuild.AddRange(c.OnBuild);
            _author = c.Author;
            _steps.AddRange(parent.Steps);
            foreach (var (k, v) in parent.ConfigOrigins)
            {
                _origins[k] = v;
            }

            _createdDirs.UnionWith(parent.TrailingCreatedDirs);

            // A stage of this document hands on its LLB state (ENV and ARG values); an image only its config Env.
            _stateEnv.AddRange(parent.IsLocalStage ? parent.StateEnv : c.Env);
            _expandEnv = null;
        }

        private static void Set(List<EnvVar> env, string name, string value)
        {
            var at = env.FindIndex(x => x.Name == name);
            if (at >= 0)
            {
                env[at] = new EnvVar(name, value);
            }
            else
            {
                env.Add(new EnvVar(name, value));
            }
        }

        private SourceRef Ref(DockerfileInstruction ins) => SourceRef.Of(_currentDoc, ins);

        private void Error(DockerfileInstruction ins, string message) =>
            _ev._diags.Add(new DockerfileDiagnostic(_currentDoc.Path, ins.Node.StartLine, 1, message));

        /// <summary>
        /// The expansion environment: BuildKit's LLB state env, where ENV and ARG (with a value) both write and the
        /// later one wins. (The reference's "ENV overrides ARG" holds for the usual order ARG then ENV.)
        /// </summary>
        /// <remarks>Built once per state: instructions that do not change the state env share it (no caller changes it).</remarks>
        private Dictionary<string, string> ExpandEnv()
        {
            if (_expandEnv is { } known)
            {
                return known;
            }

            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var e in _stateEnv)
            {
                env[e.Name] = e.Value;
            }

            return _expandEnv = env;
        }

        /// <summary>The expansion environment of the current <see cref="_stateEnv"/>; null after every change of it.</summary>
        private Dictionary<string, string>? _expandEnv;

        // The environment is only built for a word that needs it.
        private string X(string word, DockerfileInstruction ins) => _ev.IsLiteral(word) ? word : _ev.Expand(word, ExpandEnv(), ins);

        private void Dispatch(DockerfileInstruction ins)
        {
            switch (ins)
            {
                case ArgInstruction a:
                    foreach (var d in a.Declarations)
                    {
                        string? value = _ev._buildArgs.TryGetValue(d.Name, out var bv) ? bv
                            : d.DefaultValue is not null ? X(d.DefaultValue, ins)
                            : _ev._meta.TryGetValue(d.Name, out var mv) ? mv : null;
                        if (value is not null)
                        {
                            Set(_stateEnv, d.Name, value);
                            _expandEnv = null;
                        }
                    }

                    break;
                case EnvInstruction e:
                    {
                        var env = ExpandEnv();
                        foreach (var pair in e.Pairs)
                        {
                            var k = _ev.Expand(pair.Key, env, ins);
                            var v = _ev.Expand(pair.Value, env, ins);
                            Set(_env, k, v);
                            Set(_stateEnv, k, v);
                            _expandEnv = null;
                            _origins["Env." + k] = Ref(ins);
                        }

                        break;
                    }

                case LabelInstruction l:
                    {
                        var env = ExpandEnv();
                        foreach (var pair in l.Pairs)
                        {
                            var k = _ev.Expand(pair.Key, env, ins);
                            _labels[k] = _ev.Expand(pair.Value, env, ins);
                            _origins["Labels." + k] = Ref(ins);
                        }

                        break;
                    }

                case StringInstruction s:
                    DispatchString(s);
                    break;
                case ListInstruction list:
                    DispatchList(list);
                    break;
                case CmdInstruction c:
                    _cmd = CommandLine(c);
                    _cmdSet = true;
                    _origins["Cmd"] = Ref(ins);
                    break;
                case EntrypointInstruction ep:
                    _entrypoint = CommandLine(ep);
                    if (!_cmdSet)
                    {
                        _cmd = null;
                        _origins["Cmd"] = Ref(ins);
                    }

                    _origins["Entrypoint"] = Ref(ins);
                    break;
                case ShellInstruction sh:
                    if (!sh.IsJson)
                    {
                        Error(ins, "SHELL requires the arguments to be in JSON form");
                    }

                    _shell = sh.CommandParts.ToEquatableList();
                    _origins["Shell"] = Ref(ins);
                    break;
                case HealthcheckInstruction h:
                    _healthcheck = Healthcheck(h);
                    _origins["Healthcheck"] = Ref(ins);
                    break;
                case OnbuildInstruction o:
                    if (o.Inner is null)
                    {
                        Error(ins, "ONBUILD requires an instruction");
                    }
                    else
                    {
                        var sb = new StringBuilder();
                        CanonicalPrinter.AppendInstruction(sb, o.Inner.Node, _currentDoc.Encoding == DockerfileEncoding.Latin1Fallback, _currentDoc.EscapeToken);
                        _onBuild.Add(sb.ToString());
                        _origins["OnBuild"] = Ref(ins);
                    }

                    break;
                case RunInstruction r:
                    AddRun(r);
                    break;
                case FileTransferInstruction ft:
                    AddTransfer(ft);
                    break;
                default:
                    Error(ins, $"unknown instruction: {ins.Keyword}");
                    break;
            }
        }

        private EquatableList<string> CommandLine(CommandInstruction c) =>
            c.IsJson ? c.CommandParts.ToEquatableList() : EffectiveShell.Append(c.Command ?? string.Empty).ToEquatableList();

        private void DispatchString(StringInstruction s)
        {
            var raw = s.Value ?? string.Empty;
            switch (s.Name)
            {
                case "USER":
                    _user = X(raw, s);
                    _origins["User"] = Ref(s);
                    break;
                case "STOPSIGNAL":
                    _stopSignal = X(raw, s);
                    _origins["StopSignal"] = Ref(s);
                    break;
                case "MAINTAINER":
                    _author = raw;
                    _origins["Author"] = Ref(s);
                    break;
                case "WORKDIR":
                    {
                        var path = X(raw, s);
                        var resolved = CleanPath(path.StartsWith('/') ? path : RunWorkdir + "/" + path);
                        _workdir = resolved;
                        _origins["WorkingDir"] = Ref(s);
                        if (resolved != "/" && !_createdDirs.Contains(resolved))
                        {
                            _steps.Add(new BuildStep(
                                StepKind.Workdir, new StepContext(_user, resolved, [], []), [], [], [], resolved, null, null, null, false, [], null, null, [], [], Ref(s)));
                            for (var d = resolved; d.Length > 0; d = d.LastIndexOf('/') is var k and > 0 ? d[..k] : string.Empty)
                            {
                                _createdDirs.Add(d);
                            }
                        }

                        break;
                    }
            }
        }

        private void DispatchList(ListInstruction list)
        {
            var env = ExpandEnv();
            if (list.Name == "EXPOSE")
            {
                foreach (var v in list.Values)
                {
                    foreach (var w in _ev.ExpandWords(v, env, list))
                    {
                        foreach (var port in NormalizePorts(w, list))
                        {
                            _ports.Add(port);
                            _origins["ExposedPorts." + port] = Ref(list);
                        }
                    }
                }

                _origins["ExposedPorts"] = Ref(list);
            }
            else
            {
                foreach (var v in list.Values)
                {
                    var path = list.IsJson ? _ev.Expand(v, env, list) : _ev.Expand(v, env, list);
                    if (path.Length > 0)
                    {
                        _volumes.Add(path);
                    }
                }

                _origins["Volumes"] = Ref(list);
            }
        }

        private IEnumerable<string> NormalizePorts(string word, DockerfileInstruction ins)
        {
            var slash = word.IndexOf('/', StringComparison.Ordinal);
            var proto = slash < 0 || slash == word.Length - 1 ? "tcp" : word[(slash + 1)..].ToLowerInvariant();
            var portPart = slash < 0 ? word : word[..slash];
            var dash = portPart.IndexOf('-', StringComparison.Ordinal);
            var lo = dash < 0 ? portPart : portPart[..dash];
            var hi = dash < 0 ? portPart : portPart[(dash + 1)..];
            if (proto.Length == 0 || !ushort.TryParse(lo, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
                || !ushort.TryParse(hi, NumberStyles.None, CultureInfo.InvariantCulture, out var b) || b < a)
            {
                Error(ins, $"EXPOSE: invalid port '{word}'");
                return [word.ToLowerInvariant()];
            }

            return Enumerable.Range(a, b - a + 1).Select(p => p.ToString(CultureInfo.InvariantCulture) + "/" + proto);
        }

        private HealthcheckSpec Healthcheck(HealthcheckInstruction h)
        {
            if (h.IsNone)
            {
                return HealthcheckSpec.None;
            }

            if (!string.Equals(h.Type, "CMD", StringComparison.OrdinalIgnoreCase))
            {
                Error(h, $"HEALTHCHECK: unknown type '{h.Type}'");
            }

            var test = h.IsJson ? h.Command.Prepend("CMD") : ["CMD-SHELL", string.Join(" ", h.Command)];
            TimeSpan Duration(string? raw, string name, TimeSpan fallback)
            {
                if (raw is null)
                {
                    return fallback;
                }

                if (!GoDuration.TryParse(raw, out var d) || d < TimeSpan.Zero)
                {
                    Error(h, $"HEALTHCHECK: invalid --{name} '{raw}'");
                    return fallback;
                }

                return d == TimeSpan.Zero ? fallback : d;
            }

            var retries = HealthcheckSpec.DefaultRetries;
            if (h.Retries is { } r)
            {
                if (!int.TryParse(r, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out retries) || retries < 0)
                {
                    Error(h, $"HEALTHCHECK: invalid --retries '{r}'");
                    retries = HealthcheckSpec.DefaultRetries;
                }
                else if (retries == 0)
                {
                    retries = HealthcheckSpec.DefaultRetries;
                }
            }

            return new HealthcheckSpec(
                test.ToEquatableList(),
                Duration(h.Interval, "interval", HealthcheckSpec.DefaultInterval),
                Duration(h.Timeout, "timeout", HealthcheckSpec.DefaultTimeout),
                Duration(h.StartPeriod, "start-period", TimeSpan.Zero),
                Duration(h.StartInterval, "start-interval", HealthcheckSpec.DefaultStartInterval),
                retries);
        }

        private StepSourceRef? ResolveSource(string? from, DockerfileInstruction ins)
        {
            if (from is null)
            {
                return null;
            }

            if (from.Length > 0 && from.All(char.IsAsciiDigit))
            {
                if (int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < _index)
                {
                    return new StepSourceRef(null, _ev.Stage(n));
                }

                Error(ins, $"--from={from}: no stage with that index defined before this one");
                return new StepSourceRef(from, null);
            }

            var j = _ev.FindStage(from);
            if (j >= _index)
            {
                Error(ins, $"--from={from}: the stage must be defined before the current stage");
            }
            else if (j >= 0)
            {
                return new StepSourceRef(null, _ev.Stage(j));
            }

            return _ev.ResolveBase(from, ins) is { } spec ? new StepSourceRef(null, spec) : new StepSourceRef(from, null);
        }

        private void AddRun(RunInstruction r)
        {
            var env = ExpandEnv();
            var mounts = new List<MountSpec>();
            foreach (var m in r.Mounts)
            {
                var expanded = _ev.Expand(m, env, r);
                var fields = expanded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                var fromField = fields.FindIndex(f => f.StartsWith("from=", StringComparison.OrdinalIgnoreCase));
                StepSourceRef? src = null;
                if (fromField >= 0)
                {
                    src = ResolveSource(fields[fromField][5..], r);
                    fields.RemoveAt(fromField);
                }

                fields.Sort(StringComparer.Ordinal);
                mounts.Add(new MountSpec(string.Join(",", fields), src));
            }

            var (command, heredocs) = RunCommandLine(r);
            var others = r.Flags.Count == 0 ? EquatableList<string>.Empty : r.Flags.Select(f => GoText.NarrowBytes(f, r.Latin1))
                .Where(f => !IsFlag(f, "mount") && !IsFlag(f, "network") && !IsFlag(f, "security"))
                .Order(StringComparer.Ordinal).ToEquatableList();
            _steps.Add(new BuildStep(
                StepKind.Run,
                new StepContext(_user, RunWorkdir, RunEnv(), EffectiveShell),
                command,
                [],
                [],
                null,
                null,
                null,
                null,
                false,
                mounts.ToEquatableList(),
                r.GetFlag("network"),
                r.GetFlag("security"),
                others,
                heredocs,
                Ref(r)));
            _createdDirs.Clear();
        }

        /// <summary>The environment a RUN step sees: the state env and the proxy build args it lacks, sorted by name.</summary>
        private EquatableList<EnvVar> RunEnv()
        {
            // Usually the state env alone, its names distinct (Set replaces in place): sorting its entries gives what
            // the dictionary below gives, without building it or new entries.
            if (_ev._buildArgs.Count == 0 && SortedByDistinctName(_stateEnv) is { } sorted)
            {
                return EquatableList<EnvVar>.Wrap(sorted);
            }

            var runEnv = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var e in _stateEnv)
            {
                runEnv[e.Name] = e.Value;
            }

            // Proxy build args reach RUN without an ARG (BuildKit matches their names case-insensitively).
            foreach (var (k, v) in _ev._buildArgs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (!runEnv.ContainsKey(k) && ProxyArgs.Contains(k, StringComparer.OrdinalIgnoreCase))
                {
                    runEnv[k] = v;
                }
            }

            return runEnv.Select(kv => new EnvVar(kv.Key, kv.Value)).ToEquatableList();
        }

        /// <summary>The variables sorted by name (ordinal), or null when two share a name.</summary>
        private static EnvVar[]? SortedByDistinctName(List<EnvVar> env)
        {
            var sorted = env.ToArray();
            Array.Sort(sorted, static (x, y) => string.CompareOrdinal(x.Name, y.Name));
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i].Name == sorted[i - 1].Name)
                {
                    return null;
                }
            }

            return sorted;
        }

        /// <summary>
        /// BuildKit's RUN heredoc handling: a command that is a single heredoc runs its (chomped) body through the shell,
        /// or as a script mounted at /dev/pipes/NAME when it starts with "#!"; otherwise the heredocs are appended to the
        /// command line verbatim and the whole text goes to the shell.
        /// </summary>
        private (EquatableList<string> Command, EquatableList<HeredocSpec> Heredocs) RunCommandLine(RunInstruction r)
        {
            if (r.IsJson || r.Heredocs.Count == 0)
            {
                return (CommandLine(r), []);
            }

            var cmd = r.Command ?? string.Empty;
            if (DockerfileParser.ParseHeredocWord(cmd) is not null)
            {
                var hd = r.Heredocs[0];
                var data = hd.Chomp ? Chomp(hd.Content) : hd.Content;
                return data.StartsWith("#!", StringComparison.Ordinal)
                    ? (EffectiveShell.Append("/dev/pipes/" + hd.Name).ToEquatableList(), [new HeredocSpec(hd.Name, data)])
                    : (EffectiveShell.Append(data).ToEquatableList(), []);
            }

            var full = new StringBuilder(cmd);
            foreach (var hd in r.Heredocs)
            {
                full.Append('\n').Append(hd.Content).Append(hd.Name);
            }

            return (EffectiveShell.Append(full.ToString()).ToEquatableList(), []);
        }

        /// <summary>BuildKit's ChompHeredocContent: strip leading tabs from every line.</summary>
        private static string Chomp(string content) =>
            string.Join('\n', content.Split('\n').Select(l => l.TrimStart('\t')));

        private static bool IsFlag(string flag, string name) =>
            flag.StartsWith("--" + name, StringComparison.OrdinalIgnoreCase) && (flag.Length == name.Length + 2 || flag[name.Length + 2] == '=');

        private void AddTransfer(FileTransferInstruction ft)
        {
            var env = ExpandEnv();
            var isAdd = ft is AddInstruction;
            var from = ResolveSource(ft.From is { } f ? _ev.Expand(f, env, ft) : null, ft);
            var sources = new List<string>();
            var contextSources = new List<string>();
            var heredocs = new List<HeredocSpec>();
            foreach (var s in ft.Sources)
            {
                var hd = s.StartsWith("<<", StringComparison.Ordinal) ? ft.Heredocs.FirstOrDefault(h => s.TrimStart('<', '-').Trim('\'', '"') == h.Name) : null;
                if (hd is not null)
                {
                    sources.Add("<<" + hd.Name);
                    var data = hd.Chomp ? Chomp(hd.Content) : hd.Content;
                    heredocs.Add(new HeredocSpec(hd.Name, hd.Expand ? _ev.Expand(data, env, ft) : data));
                    continue;
                }

                var src = _ev.Expand(s, env, ft);
                sources.Add(src);
                if (from is null && !(isAdd && IsRemote(src)))
                {
                    contextSources.Add(NormalizeContextPath(src));
                }
            }

            var dest = _ev.Expand(ft.Dest ?? string.Empty, env, ft);
            if (!dest.StartsWith('/'))
            {
                var keepSlash = dest.EndsWith('/') || dest is "." or "";
                var joined = CleanPath(RunWorkdir + "/" + dest);
                dest = keepSlash && joined != "/" ? joined + "/" : joined;
            }

            var link = ft.GetFlag("link") is { } l && !l.Equals("false", StringComparison.OrdinalIgnoreCase);
            var others = ft.Flags.Count == 0 ? EquatableList<string>.Empty : ft.Flags.Select(x => GoText.NarrowBytes(x, ft.Latin1))
                .Where(x => !IsFlag(x, "from") && !IsFlag(x, "chown") && !IsFlag(x, "chmod") && !IsFlag(x, "link"))
                .Order(StringComparer.Ordinal).ToEquatableList();
            _steps.Add(new BuildStep(
                isAdd ? StepKind.Add : StepKind.Copy,
                new StepContext(string.Empty, string.Empty, [], []),
                [],
                sources.ToEquatableList(),
                contextSources.ToEquatableList(),
                dest,
                from,
                ft.Chown is { } chown ? _ev.Expand(chown, env, ft) : null,
                ft.Chmod is { } chmod ? _ev.Expand(chmod, env, ft) : null,
                link,
                [],
                null,
                null,
                others,
                heredocs.ToEquatableList(),
                Ref(ft)));
            _createdDirs.Clear();
        }

        private static bool IsRemote(string src) =>
            src.Contains("://", StringComparison.Ordinal) || src.StartsWith("git@", StringComparison.Ordinal);

        /// <summary>A build-context path: relative, cleaned, no leading "./" or "/" (wildcards kept).</summary>
        internal static string NormalizeContextPath(string src)
        {
            // Most sources are clean already (requirements.txt, app/): "/" + src cleans to itself.
            if (src.Length > 0 && src[0] != '/' && IsCleanAfterSlash(src, 0))
            {
                return src;
            }

            var cleaned = CleanPath("/" + src);
            return cleaned == "/" ? "." : cleaned[1..];
        }

        /// <summary>Go <c>path.Clean</c> for absolute paths.</summary>
        internal static string CleanPath(string path)
        {
            // Most paths are clean already (/app, /usr/local/bin): the loop below gives them back unchanged.
            if (path.Length > 1 && path[0] == '/' && IsCleanAfterSlash(path, 1))
            {
                return path;
            }

            var parts = new List<string>();
            foreach (var seg in path.Split('/'))
            {
                if (seg.Length == 0 || seg == ".")
                {
                    continue;
                }

                if (seg == "..")
                {
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }

                    continue;
                }

                parts.Add(seg);
            }

            return "/" + string.Join("/", parts);
        }

        /// <summary>Whether the segments of <paramref name="path"/> from <paramref name="start"/> on are all kept by <see cref="CleanPath"/> as they are: none empty, none "." or "..".</summary>
        private static bool IsCleanAfterSlash(string path, int start)
        {
            while (true)
            {
                var end = path.IndexOf('/', start);
                var segment = path.AsSpan(start, (end < 0 ? path.Length : end) - start);
                if (segment.Length == 0 || segment is "." or "..")
                {
                    return false;
                }

                if (end < 0)
                {
                    return true;
                }

                start = end + 1;
            }
        }
    }
}
