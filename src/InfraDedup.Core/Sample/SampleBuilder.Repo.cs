namespace InfraDedup.Core.Sample;

internal sealed partial class SampleBuilder
{
    internal const string RootCompose = "docker-compose.yml";
    internal const string ProdCompose = "docker-compose.prod.yml";
    internal const string AgentsCompose = "deploy/docker-compose.agents.yml";
    internal const string DevCompose = "docker-compose.dev.yml";

    internal const string GitIgnore =
        "# Python\n__pycache__/\n*.pyc\n.venv/\n\n# Node\nnode_modules/\ndist/\n\n# Local configuration and logs\n.env\n*.log\n.DS_Store\n";

    private readonly List<SampleComposeService> _compose = [];
    private readonly List<(string Original, string Copy)> _directoryCopies = [];
    private Dictionary<string, List<SampleFileRecord>>? _byServiceDir;

    private void WriteRootCompose()
    {
        var s = _sink;
        s.Begin(RootCompose);
        s.Line("# Local development stack for the agent platform.");
        s.Line("# The agent fleet lives in deploy/docker-compose.agents.yml; production overrides in docker-compose.prod.yml.");
        s.Line("name: agent-platform");
        s.Line();
        s.Line("x-common: &common");
        s.Line("  restart: unless-stopped");
        s.Line("  env_file: .env");
        s.Line("  logging:");
        s.Line("    driver: json-file");
        s.Line("    options:");
        s.Line("      max-size: \"10m\"");
        s.Line("      max-file: \"3\"");
        s.Line();
        s.Line("services:");
        s.Line("  postgres:");
        s.Line("    image: postgres:16-alpine");
        s.Line("    environment:");
        s.Line("      POSTGRES_USER: agents");
        s.Line("      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-agents}");
        s.Line("      POSTGRES_DB: agents");
        s.Line("    volumes:");
        s.Line("      - pgdata:/var/lib/postgresql/data");
        s.Line();
        s.Line("  redis:");
        s.Line("    image: redis:7-alpine  # cache and task queue");
        foreach (var p in _plans)
        {
            if (!p.InRootCompose)
            {
                continue;
            }

            s.Line();
            s.Line($"  {p.Name}:");
            s.Line("    <<: *common");
            switch (p.Kind)
            {
                case ServiceKind.Node:
                    s.Line($"    build: ./services/{p.Name}");
                    break;
                case ServiceKind.GoMultiStage:
                    s.Line("    build:");
                    s.Line($"      context: ./services/{p.Name}");
                    s.Line("      dockerfile: Dockerfile");
                    s.Line("      args:");
                    s.Line("        GO_VERSION: \"1.22\"");
                    break;
                case ServiceKind.WebMultiStage:
                    s.Line($"    build: {{ context: ./services/{p.Name}, dockerfile: Dockerfile }}");
                    break;
                default:
                    s.Line("    build:");
                    s.Line($"      context: ./services/{p.Name}");
                    s.Line("      dockerfile: Dockerfile");
                    break;
            }

            AddCompose(RootCompose, p);
            s.Line("    ports:");
            s.Line(p.Kind == ServiceKind.WebMultiStage ? $"      - \"{p.Port}:80\"" : $"      - \"{p.Port}:{p.Port}\"");
            if (p.Kind != ServiceKind.WebMultiStage)
            {
                s.Line("    environment:");
                if (p.IsPython)
                {
                    s.Line($"      AGENT_NAME: {p.Name}");
                    s.Line("      REDIS_URL: redis://redis:6379/0");
                }
                else
                {
                    s.Line("      DATABASE_URL: postgres://agents:${POSTGRES_PASSWORD:-agents}@postgres:5432/agents");
                }

                s.Line("    depends_on:");
                s.Line(p.IsPython ? "      - redis" : "      - postgres");
            }
        }

        s.Line();
        s.Line("volumes:");
        s.Line("  pgdata:");
        s.End();
    }

    private void WriteProdCompose()
    {
        var s = _sink;
        s.Begin(ProdCompose);
        s.Line("# Production overrides:");
        s.Line("#   docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d");
        s.Line("x-prod: &prod");
        s.Line("  restart: always");
        s.Line("  deploy:");
        s.Line("    replicas: 2");
        s.Line();
        s.Line("services:");
        foreach (var p in _plans)
        {
            if (!p.InRootCompose || !(p.IsPython || p.Kind == ServiceKind.Node))
            {
                continue;
            }

            s.Line($"  {p.Name}:");
            s.Line("    <<: *prod");
            s.Line("    build:");
            s.Line($"      context: ./services/{p.Name}");
            s.Line("      dockerfile: Dockerfile");
            s.Line("      args:");
            s.Line("        BUILD_ENV: production");
            AddCompose(ProdCompose, p);
            s.Line("    environment:");
            s.Line("      LOG_LEVEL: warning");
            s.Line();
        }

        s.End();
    }

    private void WriteAgentsCompose()
    {
        var s = _sink;
        s.Begin(AgentsCompose);
        s.Line("# Agent fleet. Build contexts are relative to this file's folder (deploy/).");
        s.Line("#   docker compose -f deploy/docker-compose.agents.yml up -d --build");
        s.Line("x-agent: &agent");
        s.Line("  restart: unless-stopped");
        s.Line("  env_file: ../.env");
        s.Line("  depends_on:");
        s.Line("    - redis");
        s.Line();
        s.Line("x-agent-env: &agent-env");
        s.Line("  REDIS_URL: redis://redis:6379/0");
        s.Line("  LOG_LEVEL: ${LOG_LEVEL:-info}");
        s.Line();
        s.Line("services:");
        s.Line("  redis:");
        s.Line("    image: redis:7-alpine");
        var n = 0;
        foreach (var p in _plans)
        {
            if (p.InRootCompose || !p.IsPython)
            {
                continue;
            }

            s.Line();
            if (n % 25 == 0)
            {
                s.Line($"  # --- agents batch {(n / 25) + 1} ---");
            }

            s.Line($"  {p.Name}:");
            s.Line("    <<: *agent");
            if (n % 2 == 0)
            {
                s.Line($"    build: ../services/{p.Name}");
            }
            else
            {
                s.Line("    build:");
                s.Line($"      context: ../services/{p.Name}");
                s.Line("      dockerfile: Dockerfile");
            }

            AddCompose(AgentsCompose, p);
            s.Line("    ports:");
            s.Line($"      - \"{p.Port}:{p.Port}\"");
            s.Line("    environment:");
            s.Line("      <<: *agent-env");
            s.Line($"      AGENT_NAME: {p.Name}");
            n++;
        }

        s.End();
    }

    private void AddCompose(string file, ServicePlan p, string dockerfile = "Dockerfile") =>
        _compose.Add(new SampleComposeService(file, p.Name, p.Dir, p.Dir + "/" + dockerfile));

    private void WriteDevCompose()
    {
        var s = _sink;
        s.Begin(DevCompose);
        s.Line("# Developer overrides: live code mounts and a debugger (debugpy) per agent.");
        s.Line("#   docker compose -f docker-compose.yml -f docker-compose.dev.yml up");
        s.Line("services:");
        var debugPort = 5678;
        foreach (var p in DevDockerfileOwners())
        {
            s.Line($"  {p.Name}:");
            s.Line($"    build: {{ context: ./services/{p.Name}, dockerfile: Dockerfile.dev }}");
            AddCompose(DevCompose, p, "Dockerfile.dev");
            s.Line("    volumes:");
            s.Line($"      - ./services/{p.Name}:/app");
            s.Line("    ports:");
            s.Line($"      - \"{debugPort}:5678\"");
            s.Line();
            debugPort++;
        }

        s.End();
    }

    private List<ServicePlan> CiBuilt() =>
        _plans.Where(p => p.InRootCompose).Take(4)
            .Concat(_plans.Where(p => !p.InRootCompose).Take(2))
            .ToList();

    private void WriteMakefile()
    {
        var s = _sink;
        s.Begin("Makefile");
        s.Line("COMPOSE := docker compose -f docker-compose.yml");
        s.Line("AGENTS := docker compose -f deploy/docker-compose.agents.yml");
        s.Line();
        s.Line(".PHONY: up down health backup cleanup restart build-core");
        s.Line();
        s.Line("up:");
        s.Line("\t$(COMPOSE) up -d --build");
        s.Line("\t$(AGENTS) up -d --build");
        s.Line();
        s.Line("down:");
        s.Line("\t$(AGENTS) down");
        s.Line("\t$(COMPOSE) down");
        s.Line();
        s.Line("health:");
        s.Line("\tbash scripts/healthcheck-all.sh");
        s.Line();
        s.Line("backup:");
        s.Line($"\t./{_backupScripts[0]}");
        s.Line();
        s.Line("cleanup:");
        s.Line("\tbash scripts/cleanup-docker.sh");
        s.Line();
        s.Line("restart:");
        s.Line($"\t./{_restartScripts[0]}");
        s.Line();
        s.Line("build-core:");
        foreach (var p in CiBuilt().Take(2))
        {
            s.Line($"\tdocker build -f {p.Dir}/Dockerfile -t agents/{p.Name}:dev {p.Dir}");
        }

        s.End();
    }

    private void WriteWorkflow()
    {
        var s = _sink;
        s.Begin(".github/workflows/ci.yml");
        s.Line("name: ci");
        s.Line();
        s.Line("on:");
        s.Line("  push:");
        s.Line("    branches: [main]");
        s.Line("  pull_request:");
        s.Line();
        s.Line("jobs:");
        s.Line("  lint:");
        s.Line("    runs-on: ubuntu-latest");
        s.Line("    steps:");
        s.Line("      - uses: actions/checkout@v4");
        s.Line("      - run: bash scripts/lint.sh");
        s.Line();
        s.Line("  build:");
        s.Line("    runs-on: ubuntu-latest");
        s.Line("    steps:");
        s.Line("      - uses: actions/checkout@v4");
        s.Line("      - name: Build core images");
        s.Line("        run: |");
        foreach (var p in CiBuilt())
        {
            s.Line($"          docker build -f {p.Dir}/Dockerfile {p.Dir}");
        }

        s.Line("      - name: Validate compose files");
        s.Line("        run: docker compose -f docker-compose.yml -f docker-compose.prod.yml config -q");
        s.Line("      - name: Smoke test");
        s.Line($"        run: ./{_healthScripts.FirstOrDefault() ?? "scripts/healthcheck-all.sh"}");
        s.End();
    }

    private void WriteRootFiles()
    {
        _sink.WriteText(".gitignore", GitIgnore);
        _sink.WriteText(".env", "POSTGRES_PASSWORD=local-dev-only\nOPENAI_API_KEY=sk-local-placeholder\nLOG_LEVEL=debug\n", new SampleFileMeta(Ignored: true));
        var t = _sink.Begin("README.md");
        t.Append("# agent-platform (infradedup sample)\n\n");
        t.Append("A generated monorepo modelled on an AI-agent platform: many near-identical agent Dockerfiles,\n");
        t.Append("copied backups, dead Dockerfiles and families of health-check, deploy, backup and cleanup scripts.\n\n");
        t.Append($"- services: {_plans.Count}\n- seed: {_seedValue}\n\n");
        t.Append("`ground-truth.json` lists what a careful reviewer would find: Dockerfile and script families,\n");
        t.Append("exact duplicates, dead files, copied folders and the compose services.\n\n");
        t.Append("```sh\nmake up       # build and start everything\nmake health   # poll every /health endpoint\n```\n");
        _sink.End();
    }

    private void WriteCopies(int services)
    {
        var rng = SampleRandom.Derive(_seed, 500);
        var candidates = _plans.Where(p => p.CopyCandidate).ToList();
        rng.Shuffle(candidates);
        if (candidates.Count == 0)
        {
            return;
        }

        var dirCopies = Math.Min(candidates.Count, Math.Max(1, Round(services * 4, 100)));
        var fileCopies = Math.Max(1, Round(services * 3, 100));
        var archiveDirs = Math.Max(1, Round(services * 2, 100));
        var next = 0;

        for (var i = 0; i < dirCopies; i++)
        {
            CopyDirectory(candidates[next++ % candidates.Count], "backups/2024-11-03/", "backup copy (backups/2024-11-03)");
        }

        for (var i = 0; i < fileCopies; i++)
        {
            var p = candidates[next++ % candidates.Count];
            var target = $"backups/2025-02-14/{p.Dir}/Dockerfile";
            if (_sink.Find(target) is null)
            {
                CopyFile(_sink.Find(p.Dir + "/Dockerfile")!, target, "backup copy (backups/2025-02-14)");
            }
        }

        // The first backed-up folder is archived too (three identical folders); then others.
        CopyDirectory(candidates[0], "archive/", "archived copy", stripServices: true);
        for (var i = 1; i < archiveDirs; i++)
        {
            CopyDirectory(candidates[next++ % candidates.Count], "archive/", "archived copy", stripServices: true);
        }

        var loose = candidates[next++ % candidates.Count];
        CopyFile(_sink.Find(loose.Dir + "/Dockerfile")!, $"archive/dockerfiles/{loose.Name}.Dockerfile", "archived copy (archive/dockerfiles)");
    }

    private void WriteScriptCopies(int services)
    {
        var healthCopies = Math.Min(_healthScripts.Count, 1 + (services / 100));
        for (var i = 0; i < healthCopies; i++)
        {
            var source = _healthScripts[i];
            var name = source.Split('/')[1];
            CopyFile(_sink.Find(source)!, $"scripts/legacy/healthcheck-{name}.sh", null);
        }

        CopyFile(_sink.Find(_backupScripts[0])!, "ops/" + _backupScripts[0].Split('/')[1], null);
        CopyFile(_sink.Find("scripts/cleanup-docker.sh")!, "tools/legacy/cleanup-docker.sh", null);
    }

    private void CopyDirectory(ServicePlan p, string prefix, string deadReason, bool stripServices = false)
    {
        var target = prefix + (stripServices ? p.Name : p.Dir);
        var sourcePrefix = p.Dir + "/";
        if (_sink.Find(target + "/Dockerfile") is not null)
        {
            return;
        }

        _byServiceDir ??= _sink.Records
            .Where(r => r.Path.StartsWith("services/", StringComparison.Ordinal) && !r.Ignored)
            .GroupBy(r => r.Path[..r.Path.IndexOf('/', "services/".Length)], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var r in _byServiceDir[p.Dir])
        {
            CopyFile(r, target + "/" + r.Path[sourcePrefix.Length..], deadReason);
        }

        _directoryCopies.Add((p.Dir, target));
    }

    private void CopyFile(SampleFileRecord source, string target, string? deadReason) =>
        _sink.Copy(source, target, new SampleFileMeta(
            source.Kind,
            source.Family,
            source.Varies,
            source.Type3,
            source.Kind == SampleFileKind.Dockerfile ? deadReason ?? source.DeadReason : null));
}
