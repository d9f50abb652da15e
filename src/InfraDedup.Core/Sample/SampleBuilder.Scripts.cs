using System.Globalization;

namespace InfraDedup.Core.Sample;

internal sealed partial class SampleBuilder
{
    internal const string FamilyHealth = "health-check";
    internal const string FamilyDeploy = "deploy";
    internal const string FamilyRestart = "restart";
    internal const string FamilyBackupPostgres = "backup-postgres";
    internal const string FamilyBackupRedis = "backup-redis";
    internal const string FamilyCleanup = "cleanup-docker";
    internal const string FamilyCheckPy = "check-service-py";
    internal const string FamilySeedPy = "seed-dataset-py";

    private static readonly string[] Hosts =
    [
        "agents-01.prod.internal", "agents-02.prod.internal", "agents-03.prod.internal", "gpu-01.prod.internal",
        "staging-01.internal", "edge-01.prod.internal",
    ];

    private static readonly string[] Databases =
    [
        "agents", "memory", "billing", "conversations", "embeddings", "audit", "tickets", "analytics", "crm", "scheduler",
    ];

    private static readonly string[] Datasets = ["faq", "products", "tickets", "docs", "glossary", "contacts", "prompts", "eval-set"];

    private readonly List<string> _healthScripts = [];
    private readonly List<string> _restartScripts = [];
    private readonly List<string> _backupScripts = [];

    private void WriteServiceScripts()
    {
        foreach (var s in _plans)
        {
            var rng = SampleRandom.Derive(_seed, 300, (ulong)s.Index);
            var health = s.IsPython && rng.Chance(45);
            var deploy = (s.IsPython || s.Kind == ServiceKind.Node) && rng.Chance(30);
            if (health)
            {
                WriteHealthScript(s.Dir + "/healthcheck.sh", s.Name, s.Port, rng);
                _healthScripts.Add(s.Dir + "/healthcheck.sh");
            }

            if (deploy)
            {
                WriteDeployScript(s, rng);
            }
        }
    }

    private void WriteHealthScript(string path, string service, int port, SampleRandom rng)
    {
        var retries = rng.Chance(60) ? 5 : 10;
        var delay = rng.Chance(70) ? 2 : 3;
        var t = _sink.Begin(path, new SampleFileMeta(SampleFileKind.Shell, FamilyHealth, Executable: true));
        t.Append("#!/usr/bin/env bash\n");
        t.Append($"# Health check for {service}\n");
        t.Append("set -euo pipefail\n\n");
        t.Append($"SERVICE=\"{service}\"\n");
        t.Append("HOST=\"${HOST:-localhost}\"\n");
        t.Append($"PORT=\"${{PORT:-{port}}}\"\n");
        t.Append($"RETRIES={retries}\n\n");
        t.Append("for i in $(seq 1 \"$RETRIES\"); do\n");
        t.Append("  if curl -fsS \"http://${HOST}:${PORT}/health\" > /dev/null; then\n");
        t.Append("    echo \"${SERVICE} is healthy\"\n    exit 0\n  fi\n");
        t.Append($"  echo \"${{SERVICE}} not ready (attempt ${{i}}/${{RETRIES}}), retrying in {delay}s...\"\n");
        t.Append($"  sleep {delay}\n");
        t.Append("done\n\n");
        t.Append("echo \"${SERVICE} failed its health check\" >&2\nexit 1\n");
        _sink.End();
    }

    private void WriteDeployScript(ServicePlan s, SampleRandom rng)
    {
        var type3 = rng.Chance(30);
        var host = rng.Pick(Hosts);
        var t = _sink.Begin(s.Dir + "/deploy.sh", new SampleFileMeta(SampleFileKind.Shell, FamilyDeploy, Type3: type3, Executable: true));
        t.Append("#!/usr/bin/env bash\n");
        t.Append("set -euo pipefail\n\n");
        t.Append($"SERVICE={s.Name}\n");
        t.Append("IMAGE=\"registry.internal.example.com/agents/${SERVICE}\"\n");
        t.Append("TAG=\"${1:-$(git rev-parse --short HEAD)}\"\n");
        t.Append($"HOST={host}\n\n");
        t.Append("echo \"Building ${IMAGE}:${TAG}\"\n");
        t.Append($"docker build -t \"${{IMAGE}}:${{TAG}}\" -f services/{s.Name}/Dockerfile services/{s.Name}\n");
        t.Append("docker push \"${IMAGE}:${TAG}\"\n\n");
        t.Append("echo \"Deploying ${SERVICE} to ${HOST}\"\n");
        t.Append($"ssh \"deploy@${{HOST}}\" \"docker pull ${{IMAGE}}:${{TAG}} && (docker rm -f ${{SERVICE}} || true) && docker run -d --name ${{SERVICE}} --restart unless-stopped -p {s.Port}:{s.Port} ${{IMAGE}}:${{TAG}}\"\n");
        if (type3)
        {
            t.Append("ssh \"deploy@${HOST}\" \"docker image prune -f\"\n");
            t.Append($"curl -fsS --retry 5 --retry-delay 2 \"http://${{HOST}}:{s.Port}/health\"\n");
        }

        t.Append("echo \"Deployed ${SERVICE}:${TAG}\"\n");
        _sink.End();
    }

    private void WriteRepoScripts(int services)
    {
        var rng = SampleRandom.Derive(_seed, 400);

        // restart-<service>.sh for some agents (POSIX sh, literal-only variants).
        var agents = _plans.Where(p => p.IsPython).ToList();
        var restartCount = Math.Max(2, Round(services * 12, 100));
        for (var i = 0; i < restartCount && i < agents.Count; i++)
        {
            var s = agents[(i * 7) % agents.Count];
            var path = $"scripts/restart-{s.Name}.sh";
            if (_sink.Find(path) is not null)
            {
                continue;
            }

            var file = s.InRootCompose ? "docker-compose.yml" : "deploy/docker-compose.agents.yml";
            var t = _sink.Begin(path, new SampleFileMeta(SampleFileKind.Shell, FamilyRestart, Executable: true));
            t.Append("#!/bin/sh\n");
            t.Append("set -eu\n\n");
            t.Append($"docker compose -f {file} restart {s.Name}\n");
            t.Append("sleep 3\n");
            t.Append($"curl -fsS http://localhost:{s.Port}/health && echo \"{s.Name} restarted\"\n");
            _sink.End();
            _restartScripts.Add(path);
        }

        // Backups: pg_dump and redis-cli variants.
        var backups = Math.Max(3, services / 15);
        var pg = (backups * 6 + 9) / 10;
        for (var i = 0; i < backups; i++)
        {
            var db = Databases[i % Databases.Length] + (i >= Databases.Length ? (i / Databases.Length).ToString(CultureInfo.InvariantCulture) : string.Empty);
            var host = rng.Pick(Hosts);
            var type3 = i > 0 && rng.Chance(35);
            if (i < pg)
            {
                var path = $"scripts/backup-{db}-db.sh";
                var t = _sink.Begin(path, new SampleFileMeta(SampleFileKind.Shell, FamilyBackupPostgres, Type3: type3, Executable: true));
                t.Append("#!/usr/bin/env bash\n");
                t.Append($"# Nightly dump of the {db} database.\n");
                t.Append("set -euo pipefail\n\n");
                t.Append($"DB_HOST=\"${{DB_HOST:-{host}}}\"\n");
                t.Append($"DB_NAME={db}\n");
                t.Append("DB_USER=\"${DB_USER:-backup}\"\n");
                t.Append($"BACKUP_DIR=/var/backups/postgres/{db}\n");
                t.Append("STAMP=$(date +%Y%m%d-%H%M%S)\n\n");
                t.Append("mkdir -p \"$BACKUP_DIR\"\n");
                t.Append("pg_dump -h \"$DB_HOST\" -U \"$DB_USER\" -Fc \"$DB_NAME\" > \"$BACKUP_DIR/${DB_NAME}-${STAMP}.dump\"\n");
                if (type3)
                {
                    t.Append($"aws s3 cp \"$BACKUP_DIR/${{DB_NAME}}-${{STAMP}}.dump\" \"s3://agent-platform-backups/postgres/{db}/\"\n");
                }

                t.Append($"find \"$BACKUP_DIR\" -name '*.dump' -mtime +{(rng.Chance(50) ? 7 : 14)} -delete\n");
                t.Append("echo \"backup of ${DB_NAME} complete\"\n");
                _sink.End();
                _backupScripts.Add(path);
            }
            else
            {
                var path = $"scripts/backup-{db}-redis.sh";
                var t = _sink.Begin(path, new SampleFileMeta(SampleFileKind.Shell, FamilyBackupRedis, Type3: type3, Executable: true));
                t.Append("#!/usr/bin/env bash\n");
                t.Append("set -euo pipefail\n\n");
                t.Append($"REDIS_HOST={host}\n");
                t.Append($"DEST=/var/backups/redis/{db}\n");
                t.Append("mkdir -p \"$DEST\"\n");
                t.Append("redis-cli -h \"$REDIS_HOST\" BGSAVE\n");
                t.Append("sleep 5\n");
                t.Append("redis-cli -h \"$REDIS_HOST\" --rdb \"$DEST/dump-$(date +%Y%m%d).rdb\"\n");
                if (type3)
                {
                    t.Append("gzip -f \"$DEST\"/dump-*.rdb\n");
                }

                t.Append("echo \"redis snapshot saved to $DEST\"\n");
                _sink.End();
                _backupScripts.Add(path);
            }
        }

        // cleanup-docker: the base script plus one literal variant per host.
        var cleanupHosts = Math.Max(1, services / 30);
        WriteCleanupScript("scripts/cleanup-docker.sh", "localhost", 24);
        for (var i = 0; i < cleanupHosts; i++)
        {
            var host = Hosts[i % Hosts.Length];
            var shortName = host[..host.IndexOf('.', StringComparison.Ordinal)] + (i >= Hosts.Length ? "-" + (i / Hosts.Length).ToString(CultureInfo.InvariantCulture) : string.Empty);
            WriteCleanupScript($"scripts/cleanup-{shortName}.sh", host, rng.Chance(50) ? 24 : 72);
        }

        WriteSingletonScripts();
        WritePythonTools(services, rng);
    }

    private void WriteCleanupScript(string path, string host, int hours)
    {
        var t = _sink.Begin(path, new SampleFileMeta(SampleFileKind.Shell, FamilyCleanup, Executable: true));
        t.Append("#!/usr/bin/env bash\n");
        t.Append("set -euo pipefail\n\n");
        t.Append($"TARGET={host}\n");
        t.Append($"UNTIL={hours}h\n\n");
        t.Append("run() {\n  if [ \"$TARGET\" = localhost ]; then\n    \"$@\"\n  else\n    ssh \"deploy@${TARGET}\" \"$@\"\n  fi\n}\n\n");
        t.Append("run docker container prune -f --filter \"until=${UNTIL}\"\n");
        t.Append("run docker image prune -af --filter \"until=${UNTIL}\"\n");
        t.Append("run docker volume prune -f\n");
        t.Append("echo \"cleaned docker on ${TARGET}\"\n");
        _sink.End();
    }

    private void WriteSingletonScripts()
    {
        var t = _sink.Begin("scripts/healthcheck-all.sh", new SampleFileMeta(SampleFileKind.Shell, Executable: true));
        t.Append("#!/usr/bin/env bash\n");
        t.Append("# Polls every service listed in the compose files; used by `make health`.\n");
        t.Append("set -euo pipefail\n\n");
        t.Append("failed=0\n");
        t.Append("for file in docker-compose.yml deploy/docker-compose.agents.yml; do\n");
        t.Append("  for svc in $(docker compose -f \"$file\" config --services); do\n");
        t.Append("    port=$(docker compose -f \"$file\" port \"$svc\" 2>/dev/null | cut -d: -f2 || true)\n");
        t.Append("    [ -z \"$port\" ] && continue\n");
        t.Append("    if ! curl -fsS \"http://localhost:${port}/health\" > /dev/null; then\n");
        t.Append("      echo \"UNHEALTHY: ${svc}\" >&2\n      failed=1\n    fi\n");
        t.Append("  done\ndone\n");
        t.Append("exit \"$failed\"\n");
        _sink.End();

        t = _sink.Begin("scripts/lint.sh", new SampleFileMeta(SampleFileKind.Shell, Executable: true));
        t.Append("#!/usr/bin/env bash\nset -euo pipefail\n\n");
        t.Append("shellcheck scripts/*.sh services/*/*.sh\n");
        t.Append("hadolint services/*/Dockerfile\n");
        t.Append("ruff check services tools\n");
        _sink.End();

        t = _sink.Begin("scripts/bootstrap.sh", new SampleFileMeta(SampleFileKind.Shell, Executable: true));
        t.Append("#!/bin/sh\n# One-time developer setup.\nset -eu\n\n");
        t.Append("[ -f .env ] || cp .env.example .env\n");
        t.Append("docker network create agent-platform 2>/dev/null || true\n");
        t.Append("python3 -m venv .venv\n. .venv/bin/activate\npip install -r tools/requirements.txt\n");
        _sink.End();

        t = _sink.Begin("scripts/wait-for-it.sh", new SampleFileMeta(SampleFileKind.Shell, Executable: true));
        t.Append("#!/bin/sh\n# usage: wait-for-it.sh host:port [timeout]\nset -eu\n\n");
        t.Append("hostport=$1\ntimeout=${2:-30}\nhost=${hostport%:*}\nport=${hostport#*:}\n\n");
        t.Append("i=0\nuntil nc -z \"$host\" \"$port\"; do\n  i=$((i + 1))\n");
        t.Append("  [ \"$i\" -ge \"$timeout\" ] && { echo \"timeout waiting for $hostport\" >&2; exit 1; }\n  sleep 1\ndone\n");
        _sink.End();

        _sink.WriteText(".env.example", "POSTGRES_PASSWORD=change-me\nOPENAI_API_KEY=\nLOG_LEVEL=info\n");
        _sink.WriteText("tools/requirements.txt", "httpx==0.27.2\npsycopg[binary]==3.2.3\n");
    }

    private void WritePythonTools(int services, SampleRandom rng)
    {
        var checks = Math.Max(2, services / 30);
        var agents = _plans.Where(p => p.IsPython).ToList();
        for (var i = 0; i < checks && i < agents.Count; i++)
        {
            var s = agents[(i * 5 + 3) % agents.Count];
            var path = $"tools/check_{s.Name.Replace('-', '_')}.py";
            if (_sink.Find(path) is not null)
            {
                continue;
            }

            var t = _sink.Begin(path, new SampleFileMeta(SampleFileKind.Python, FamilyCheckPy, Executable: true));
            t.Append("#!/usr/bin/env python3\n");
            t.Append($"\"\"\"Smoke-test the {s.Name} service.\"\"\"\n");
            t.Append("import sys\n\nimport httpx\n\n");
            t.Append($"URL = \"http://localhost:{s.Port}\"\n");
            t.Append($"TIMEOUT = {(rng.Chance(50) ? "5.0" : "10.0")}\n\n\n");
            t.Append("def main() -> int:\n");
            t.Append("    response = httpx.get(f\"{URL}/health\", timeout=TIMEOUT)\n");
            t.Append("    if response.status_code != 200:\n");
            t.Append($"        print(\"{s.Name} unhealthy:\", response.status_code, file=sys.stderr)\n");
            t.Append("        return 1\n");
            t.Append($"    print(\"{s.Name} ok\")\n");
            t.Append("    return 0\n\n\n");
            t.Append("if __name__ == \"__main__\":\n    sys.exit(main())\n");
            _sink.End();
        }

        var seeds = Math.Max(2, services / 40);
        for (var i = 0; i < seeds; i++)
        {
            var dataset = Datasets[i % Datasets.Length] + (i >= Datasets.Length ? (i / Datasets.Length).ToString(CultureInfo.InvariantCulture) : string.Empty);
            var type3 = i > 0 && rng.Chance(50);
            var t = _sink.Begin($"tools/seed_{dataset.Replace('-', '_')}.py", new SampleFileMeta(SampleFileKind.Python, FamilySeedPy, Type3: type3, Executable: true));
            t.Append("#!/usr/bin/env python3\n");
            t.Append($"\"\"\"Load the {dataset} fixtures into Postgres.\"\"\"\n");
            t.Append("import json\nimport os\nimport sys\n\nimport psycopg\n\n");
            t.Append($"TABLE = \"{dataset.Replace('-', '_')}\"\n");
            t.Append($"FIXTURE = \"fixtures/{dataset}.json\"\n\n\n");
            t.Append("def main() -> int:\n");
            t.Append("    with open(FIXTURE, encoding=\"utf-8\") as handle:\n");
            t.Append("        rows = json.load(handle)\n");
            if (type3)
            {
                t.Append("    rows = [row for row in rows if row.get(\"enabled\", True)]\n");
            }

            t.Append("    with psycopg.connect(os.environ[\"DATABASE_URL\"]) as conn:\n");
            t.Append("        with conn.cursor() as cur:\n");
            t.Append("            for row in rows:\n");
            t.Append("                cur.execute(f\"INSERT INTO {TABLE} (data) VALUES (%s)\", (json.dumps(row),))\n");
            t.Append("    print(f\"seeded {len(rows)} rows into {TABLE}\")\n");
            t.Append("    return 0\n\n\n");
            t.Append("if __name__ == \"__main__\":\n    sys.exit(main())\n");
            _sink.End();
        }

        // An empty package marker (empty files are never exact duplicates) and one unrelated tool.
        _sink.WriteText("tools/__init__.py", string.Empty);
        var r = _sink.Begin("tools/report.py", new SampleFileMeta(SampleFileKind.Python, Executable: true));
        r.Append("#!/usr/bin/env python3\n\"\"\"Print a table of services and their ports from the compose files.\"\"\"\n");
        r.Append("import sys\n\nimport yaml\n\n\n");
        r.Append("def main(paths: list[str]) -> None:\n");
        r.Append("    for path in paths:\n");
        r.Append("        with open(path, encoding=\"utf-8\") as handle:\n");
        r.Append("            doc = yaml.safe_load(handle)\n");
        r.Append("        for name, svc in sorted(doc.get(\"services\", {}).items()):\n");
        r.Append("            print(f\"{path}\\t{name}\\t{','.join(svc.get('ports', []))}\")\n\n\n");
        r.Append("if __name__ == \"__main__\":\n    main(sys.argv[1:] or [\"docker-compose.yml\"])\n");
        _sink.End();
    }

    private static int Round(int numerator, int denominator) => (numerator + (denominator / 2)) / denominator;
}
