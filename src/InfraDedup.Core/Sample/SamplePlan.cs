namespace InfraDedup.Core.Sample;

internal enum ServiceKind
{
    Python311,
    Python312,
    Node,
    GoMultiStage,
    WebMultiStage,
}

/// <summary>How a Python agent Dockerfile departs from the plain template.</summary>
internal enum PythonVariant
{
    Plain,
    ExtraInstruction,
    DuplicatedLine,
    Formatting,
}

internal sealed class ServicePlan
{
    public required int Index { get; init; }

    public required string Name { get; init; }

    public required ServiceKind Kind { get; init; }

    /// <summary>Container port (and host port in compose).</summary>
    public required int Port { get; init; }

    /// <summary>Index among services of the same kind (0-based).</summary>
    public required int KindIndex { get; init; }

    public string Dir => "services/" + Name;

    public bool IsPython => Kind is ServiceKind.Python311 or ServiceKind.Python312;

    public PythonVariant Variant { get; set; }

    /// <summary>Compose file that builds this service (root or the agents file).</summary>
    public bool InRootCompose { get; set; }

    public bool HasPycache { get; set; }

    public bool HasNodeModules { get; set; }

    /// <summary>Never copied to backups/archive (holds ignored files or is multi-stage).</summary>
    public bool CopyCandidate => !HasPycache && !HasNodeModules && Kind is not (ServiceKind.GoMultiStage or ServiceKind.WebMultiStage);
}

/// <summary>Deterministic choice of service names, kinds and ports for a service count and seed.</summary>
internal static class SamplePlanner
{
    private static readonly string[] Domains =
    [
        "research", "billing", "support", "search", "memory", "planning", "code", "review", "email", "calendar",
        "crm", "docs", "vision", "speech", "sql", "web", "news", "finance", "legal", "hr",
        "sales", "marketing", "security", "compliance", "ops", "data", "ml", "qa", "travel", "health",
        "inventory", "pricing", "shipping", "ticket", "chat", "voice", "report", "audit", "forecast", "risk",
    ];

    private static readonly string[] AgentRoles =
    [
        "agent", "planner-agent", "router-agent", "summarizer-agent", "retriever-agent", "writer-agent",
        "analyst-agent", "monitor-agent", "scheduler-agent", "classifier-agent", "extractor-agent",
        "validator-agent", "notifier-agent", "indexer-agent", "crawler-agent", "translator-agent",
    ];

    private static readonly string[] NodeRoles = ["api", "gateway", "webhook", "bff", "events", "auth"];

    private static readonly string[] GoRoles = ["ingest", "proxy", "exporter", "relay"];

    private static readonly string[] WebRoles = ["dashboard", "console", "portal", "admin-ui"];

    public static IReadOnlyList<ServicePlan> Plan(int services, ulong seed)
    {
        var node = Math.Max(1, RoundDiv(services * 15, 100));
        var multi = Math.Max(2, RoundDiv(services * 5, 100));
        var python = services - node - multi;
        var py312 = python >= 6 ? Math.Max(2, RoundDiv(python * 8, 100)) : 0;
        var py311 = python - py312;
        var go = (multi + 1) / 2;
        var web = multi - go;

        var kinds = new List<ServiceKind>(services);
        kinds.AddRange(Enumerable.Repeat(ServiceKind.Python311, py311));
        kinds.AddRange(Enumerable.Repeat(ServiceKind.Python312, py312));
        kinds.AddRange(Enumerable.Repeat(ServiceKind.Node, node));
        kinds.AddRange(Enumerable.Repeat(ServiceKind.GoMultiStage, go));
        kinds.AddRange(Enumerable.Repeat(ServiceKind.WebMultiStage, web));
        var rng = SampleRandom.Derive(seed, 1);
        rng.Shuffle(kinds);

        var used = new HashSet<string>(StringComparer.Ordinal);
        var kindCounters = new int[5];
        var plans = new List<ServicePlan>(services);
        for (var i = 0; i < services; i++)
        {
            var kind = kinds[i];
            var k = kindCounters[(int)kind]++;
            var roles = kind switch
            {
                ServiceKind.Node => NodeRoles,
                ServiceKind.GoMultiStage => GoRoles,
                ServiceKind.WebMultiStage => WebRoles,
                _ => AgentRoles,
            };
            var name = UniqueName(rng, roles, used);
            var port = kind switch
            {
                ServiceKind.Node => 3001 + k,
                ServiceKind.GoMultiStage => 7001 + k,
                ServiceKind.WebMultiStage => 5001 + k,
                ServiceKind.Python312 => 8001 + py311 + k,
                _ => 8001 + k,
            };
            plans.Add(new ServicePlan { Index = i, Name = name, Kind = kind, Port = port, KindIndex = k });
        }

        AssignPythonVariants(plans, seed);
        return plans;
    }

    private static void AssignPythonVariants(List<ServicePlan> plans, ulong seed)
    {
        var rng = SampleRandom.Derive(seed, 2);
        foreach (var kind in new[] { ServiceKind.Python311, ServiceKind.Python312 })
        {
            var members = plans.Where(p => p.Kind == kind).ToList();
            for (var i = 0; i < members.Count; i++)
            {
                var roll = rng.Next(100);
                members[i].Variant = roll switch
                {
                    < 10 => PythonVariant.ExtraInstruction,
                    < 17 => PythonVariant.DuplicatedLine,
                    < 28 => PythonVariant.Formatting,
                    _ => PythonVariant.Plain,
                };
            }

            // Make sure every structural variant appears in the main family, whatever the seed.
            if (kind == ServiceKind.Python311 && members.Count >= 4)
            {
                members[0].Variant = PythonVariant.Plain;
                members[1].Variant = PythonVariant.ExtraInstruction;
                members[2].Variant = PythonVariant.DuplicatedLine;
                members[3].Variant = PythonVariant.Formatting;
            }
        }
    }

    private static string UniqueName(SampleRandom rng, string[] roles, HashSet<string> used)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var candidate = rng.Pick(Domains) + "-" + rng.Pick(roles);
            if (used.Add(candidate))
            {
                return candidate;
            }
        }

        // Combinations exhausted: number the name (deterministic, still unique).
        for (var n = 2; ; n++)
        {
            var candidate = rng.Pick(Domains) + "-" + rng.Pick(roles) + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (used.Add(candidate))
            {
                return candidate;
            }
        }
    }

    private static int RoundDiv(int numerator, int denominator) => (numerator + (denominator / 2)) / denominator;
}
