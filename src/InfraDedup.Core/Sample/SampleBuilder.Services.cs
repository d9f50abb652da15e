using System.Text;

namespace InfraDedup.Core.Sample;

internal sealed partial class SampleBuilder
{
    internal const string FamilyPython311 = "python311-agent";
    internal const string FamilyPython312 = "python312-agent";
    internal const string FamilyNode = "node-service";
    internal const string FamilyGo = "go-multistage";
    internal const string FamilyWeb = "web-multistage";
    internal const string FamilyJupyter = "jupyter-experiment";
    internal const string FamilyCuda = "cuda-experiment";

    private const string VaryAgentName = "agent name";
    private const string VaryAgentId = "agent id";
    private const string VaryPort = "port";
    private const string VaryServiceName = "service name";
    private const string VaryAptPackages = "apt packages";
    private const string VaryExtraInstruction = "extra instruction";
    private const string VaryDuplicatedLine = "duplicated line";
    private const string VaryLayout = "comments and layout";
    private const string VaryMissingInstruction = "missing instruction";
    private const string VaryPackages = "packages";
    private const string VaryTopic = "experiment name";

    private static readonly string[] StandardRequirements =
    [
        "fastapi==0.115.0\nuvicorn[standard]==0.30.6\nhttpx==0.27.2\npydantic==2.9.2\nredis==5.0.8\n",
        "fastapi==0.115.0\nuvicorn[standard]==0.30.6\nhttpx==0.27.2\npydantic==2.9.2\nredis==5.0.8\nopenai==1.51.0\ntiktoken==0.7.0\n",
        "fastapi==0.115.0\nuvicorn[standard]==0.30.6\n",
    ];

    private static readonly string[] ExtraRequirements =
    [
        "anthropic==0.36.0", "beautifulsoup4==4.12.3", "boto3==1.35.36", "celery==5.4.0", "langchain==0.3.3",
        "numpy==2.1.2", "pandas==2.2.3", "psycopg[binary]==3.2.3", "pypdf==5.0.1", "python-dotenv==1.0.1",
        "qdrant-client==1.12.0", "sentence-transformers==3.1.1", "sqlalchemy==2.0.35", "structlog==24.4.0",
        "tenacity==9.0.0", "prometheus-client==0.21.0",
    ];

    private static readonly string[] ExtraPipPackages = ["uvloop==0.20.0", "sentry-sdk==2.16.0", "opentelemetry-distro==0.48b0"];

    private const string StandardDockerignore = "__pycache__/\n*.pyc\n.env\n.venv/\n.git\ntests/\n";
    private const string AltDockerignore = "**/__pycache__\n**/*.pyc\n.env\n.pytest_cache/\nDockerfile*\n";

    private void WriteServices()
    {
        foreach (var service in _plans)
        {
            var rng = SampleRandom.Derive(_seed, 100, (ulong)service.Index);
            switch (service.Kind)
            {
                case ServiceKind.Python311:
                case ServiceKind.Python312:
                    WritePythonService(service, rng);
                    break;
                case ServiceKind.Node:
                    WriteNodeService(service, rng);
                    break;
                case ServiceKind.GoMultiStage:
                    WriteGoService(service, rng);
                    break;
                default:
                    WriteWebService(service, rng);
                    break;
            }
        }
    }

    private void WritePythonService(ServicePlan s, SampleRandom rng)
    {
        var family = s.Kind == ServiceKind.Python311 ? FamilyPython311 : FamilyPython312;
        var baseImage = s.Kind == ServiceKind.Python311 ? "python:3.11-slim" : "python:3.12-slim";
        var agentId = "agt-" + rng.Hex(8);
        var aptRoll = rng.Next(100);
        var apt = aptRoll switch
        {
            < 15 => "curl build-essential",
            < 22 => "curl git",
            _ => "curl",
        };
        var extraChoice = rng.Next(4);
        var varies = new List<string> { VaryAgentName, VaryAgentId, VaryPort };
        if (apt != "curl")
        {
            varies.Add(VaryAptPackages);
        }

        varies.Add(s.Variant switch
        {
            PythonVariant.ExtraInstruction => VaryExtraInstruction,
            PythonVariant.DuplicatedLine => VaryDuplicatedLine,
            PythonVariant.Formatting => VaryLayout,
            _ => VaryPort,
        });

        var t = _sink.Begin(s.Dir + "/Dockerfile", new SampleFileMeta(SampleFileKind.Dockerfile, family, varies.Distinct().ToList()));
        AppendPythonDockerfile(t, s, baseImage, apt, agentId, extraChoice);
        _sink.End();

        // Requirements: some services share a standard file byte-for-byte, others add extras.
        var reqRoll = rng.Next(100);
        var t2 = _sink.Begin(s.Dir + "/requirements.txt");
        if (reqRoll < 65)
        {
            t2.Append(StandardRequirements[reqRoll < 35 ? 0 : reqRoll < 55 ? 1 : 2]);
        }
        else
        {
            t2.Append(StandardRequirements[0]);
            var extras = 1 + rng.Next(3);
            var start = rng.Next(ExtraRequirements.Length);
            for (var i = 0; i < extras; i++)
            {
                t2.Append(ExtraRequirements[(start + (i * 5)) % ExtraRequirements.Length]).Append('\n');
            }
        }

        _sink.End();
        AppendAppPy(s, rng);

        if (rng.Chance(50))
        {
            _sink.WriteText(s.Dir + "/.dockerignore", rng.Chance(80) ? StandardDockerignore : AltDockerignore);
        }

        if (s.HasPycache)
        {
            // Bytecode the .gitignore hides: a CPython 3.11 magic number then a body naming the agent.
            var bytes = new List<byte> { 0xA7, 0x0D, 0x0D, 0x0A, 0, 0, 0, 0, 0xE3 };
            bytes.AddRange(Encoding.ASCII.GetBytes("compiled:" + s.Name));
            _sink.WriteBytes(s.Dir + "/__pycache__/app.cpython-311.pyc", bytes.ToArray(), new SampleFileMeta(Ignored: true));
        }
    }

    private static void AppendPythonDockerfile(StringBuilder t, ServicePlan s, string baseImage, string apt, string agentId, int extraChoice)
    {
        var port = s.Port;
        if (s.Variant == PythonVariant.Formatting)
        {
            t.Append("# syntax=docker/dockerfile:1\n");
            t.Append($"# Image for the {s.Name} service.\n");
            t.Append($"FROM {baseImage}\n\n");
            t.Append("# System packages (curl is needed by the health check)\n");
            t.Append("RUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n");
            foreach (var pkg in apt.Split(' '))
            {
                t.Append($"        {pkg} \\\n");
            }

            t.Append("    && rm -rf /var/lib/apt/lists/*\n\n");
            t.Append("WORKDIR /app\n\n");
            t.Append("# Dependencies first so the layer is cached\n");
            t.Append("COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n");
            t.Append("COPY app.py .\n\n");
            t.Append($"ENV AGENT_ID={agentId} \\\n    AGENT_NAME={s.Name} \\\n    PORT={port}\n");
            t.Append($"EXPOSE {port}\n");
            t.Append($"HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD curl -f http://localhost:{port}/health || exit 1\n\n");
            t.Append("# Run as an unprivileged user\n");
            t.Append("RUN useradd --create-home --uid 10001 app\nUSER app\n");
            t.Append("CMD [\"python\", \"app.py\"]\n");
            return;
        }

        t.Append($"FROM {baseImage}\n\n");
        t.Append($"RUN apt-get update && apt-get install -y --no-install-recommends {apt} && rm -rf /var/lib/apt/lists/*\n\n");
        t.Append("WORKDIR /app\n\n");
        if (s.Variant == PythonVariant.ExtraInstruction && extraChoice == 3)
        {
            t.Append("ENV PYTHONUNBUFFERED=1\n\n");
        }

        t.Append("COPY requirements.txt .\n");
        t.Append("RUN pip install --no-cache-dir -r requirements.txt\n");
        if (s.Variant == PythonVariant.ExtraInstruction && extraChoice < 3)
        {
            t.Append($"RUN pip install --no-cache-dir {ExtraPipPackages[extraChoice]}\n");
        }

        t.Append("\nCOPY app.py .\n\n");
        var env = $"ENV AGENT_ID={agentId} AGENT_NAME={s.Name} PORT={port}\n";
        t.Append(env);
        if (s.Variant == PythonVariant.DuplicatedLine && extraChoice % 2 == 1)
        {
            t.Append(env);
        }

        t.Append($"\nEXPOSE {port}\n\n");
        t.Append("HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\\n");
        t.Append($"  CMD curl -f http://localhost:{port}/health || exit 1\n\n");
        t.Append("RUN useradd --create-home --uid 10001 app\n");
        t.Append("USER app\n");
        if (s.Variant == PythonVariant.DuplicatedLine && extraChoice % 2 == 0)
        {
            t.Append("USER app\n");
        }

        t.Append("\nCMD [\"python\", \"app.py\"]\n");
    }

    /// <summary>The superseded Dockerfile.old of a Python agent: no HEALTHCHECK, no agent id.</summary>
    private void WriteOldDockerfile(ServicePlan s)
    {
        var family = s.Kind == ServiceKind.Python311 ? FamilyPython311 : FamilyPython312;
        var baseImage = s.Kind == ServiceKind.Python311 ? "python:3.11-slim" : "python:3.12-slim";
        var t = _sink.Begin(
            s.Dir + "/Dockerfile.old",
            new SampleFileMeta(SampleFileKind.Dockerfile, family, [VaryAgentName, VaryPort, VaryMissingInstruction], DeadReason: "superseded: Dockerfile.old next to the live Dockerfile"));
        t.Append($"FROM {baseImage}\n\n");
        t.Append("RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n\n");
        t.Append("WORKDIR /app\n\n");
        t.Append("COPY requirements.txt .\n");
        t.Append("RUN pip install --no-cache-dir -r requirements.txt\n\n");
        t.Append("COPY app.py .\n\n");
        t.Append($"ENV AGENT_NAME={s.Name} PORT={s.Port}\n\n");
        t.Append($"EXPOSE {s.Port}\n\n");
        t.Append("RUN useradd --create-home --uid 10001 app\n");
        t.Append("USER app\n\n");
        t.Append("CMD [\"python\", \"app.py\"]\n");
        _sink.End();
    }

    /// <summary>A developer Dockerfile.dev: the live one plus debugpy (one extra instruction, other CMD).</summary>
    private void WriteDevDockerfile(ServicePlan s)
    {
        var t = _sink.Begin(
            s.Dir + "/Dockerfile.dev",
            new SampleFileMeta(SampleFileKind.Dockerfile, FamilyPython311, [VaryAgentName, VaryPort, VaryExtraInstruction, "command"]));
        t.Append("FROM python:3.11-slim\n\n");
        t.Append("RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n\n");
        t.Append("WORKDIR /app\n\n");
        t.Append("COPY requirements.txt .\n");
        t.Append("RUN pip install --no-cache-dir -r requirements.txt\n");
        t.Append("RUN pip install --no-cache-dir debugpy==1.8.6\n\n");
        t.Append("COPY app.py .\n\n");
        t.Append($"ENV AGENT_NAME={s.Name} PORT={s.Port}\n\n");
        t.Append($"EXPOSE {s.Port} 5678\n\n");
        t.Append("HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\\n");
        t.Append($"  CMD curl -f http://localhost:{s.Port}/health || exit 1\n\n");
        t.Append("RUN useradd --create-home --uid 10001 app\n");
        t.Append("USER app\n\n");
        t.Append("CMD [\"python\", \"-m\", \"debugpy\", \"--listen\", \"0.0.0.0:5678\", \"app.py\"]\n");
        _sink.End();
    }

    private void AppendAppPy(ServicePlan s, SampleRandom rng)
    {
        var t = _sink.Begin(s.Dir + "/app.py");
        var metrics = rng.Chance(30);
        var useRedis = rng.Chance(25);
        t.Append($"\"\"\"{s.Name}: HTTP front of the {s.Name.Replace("-", " ")} on the agent platform.\"\"\"\n");
        t.Append("import os\n\n");
        if (useRedis)
        {
            t.Append("import redis\n");
        }

        t.Append("import uvicorn\nfrom fastapi import FastAPI\n\n");
        t.Append($"AGENT_NAME = os.environ.get(\"AGENT_NAME\", \"{s.Name}\")\n");
        t.Append($"PORT = int(os.environ.get(\"PORT\", \"{s.Port}\"))\n");
        if (useRedis)
        {
            t.Append("CACHE = redis.Redis.from_url(os.environ.get(\"REDIS_URL\", \"redis://localhost:6379/0\"))\n");
        }

        t.Append("\napp = FastAPI(title=AGENT_NAME)\n\n\n");
        t.Append("@app.get(\"/health\")\ndef health() -> dict:\n    return {\"status\": \"ok\", \"agent\": AGENT_NAME}\n\n\n");
        if (metrics)
        {
            t.Append("@app.get(\"/metrics\")\ndef metrics() -> dict:\n    return {\"agent\": AGENT_NAME, \"tasks_total\": 0}\n\n\n");
        }

        t.Append("@app.post(\"/run\")\ndef run(task: dict) -> dict:\n");
        if (useRedis)
        {
            t.Append("    CACHE.incr(f\"{AGENT_NAME}:runs\")\n");
        }

        t.Append("    # The model call is stubbed in the sample repository.\n");
        t.Append("    return {\"agent\": AGENT_NAME, \"task\": task, \"result\": \"accepted\"}\n\n\n");
        t.Append("if __name__ == \"__main__\":\n    uvicorn.run(app, host=\"0.0.0.0\", port=PORT)\n");
        _sink.End();
    }

    private void WriteNodeService(ServicePlan s, SampleRandom rng)
    {
        var extraApk = rng.Chance(20);
        var varies = new List<string> { VaryServiceName, VaryPort };
        if (extraApk)
        {
            varies.Add(VaryExtraInstruction);
        }

        var t = _sink.Begin(s.Dir + "/Dockerfile", new SampleFileMeta(SampleFileKind.Dockerfile, FamilyNode, varies));
        t.Append("FROM node:20-alpine\n\n");
        if (extraApk)
        {
            t.Append("RUN apk add --no-cache curl tini\n\n");
        }

        t.Append("WORKDIR /app\n\n");
        t.Append("COPY package.json package-lock.json ./\n");
        t.Append("RUN npm ci --omit=dev\n\n");
        t.Append("COPY src ./src\n\n");
        t.Append($"ENV NODE_ENV=production SERVICE_NAME={s.Name} PORT={s.Port}\n");
        t.Append($"EXPOSE {s.Port}\n\n");
        t.Append("HEALTHCHECK --interval=30s --timeout=5s --retries=3 \\\n");
        t.Append($"  CMD wget -qO- http://localhost:{s.Port}/health || exit 1\n\n");
        t.Append("USER node\n");
        t.Append("CMD [\"node\", \"src/index.js\"]\n");
        _sink.End();

        var express = rng.Chance(50) ? "4.21.1" : "4.19.2";
        t = _sink.Begin(s.Dir + "/package.json");
        t.Append($"{{\n  \"name\": \"{s.Name}\",\n  \"version\": \"1.{rng.Next(10)}.{rng.Next(20)}\",\n  \"private\": true,\n");
        t.Append("  \"main\": \"src/index.js\",\n  \"scripts\": {\n    \"start\": \"node src/index.js\"\n  },\n");
        t.Append($"  \"dependencies\": {{\n    \"express\": \"{express}\"\n  }}\n}}\n");
        _sink.End();

        t = _sink.Begin(s.Dir + "/package-lock.json");
        t.Append($"{{\n  \"name\": \"{s.Name}\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {{\n");
        t.Append($"    \"node_modules/express\": {{\n      \"version\": \"{express}\"\n    }}\n  }}\n}}\n");
        _sink.End();

        t = _sink.Begin(s.Dir + "/src/index.js");
        t.Append("'use strict';\n\nconst express = require('express');\n\n");
        t.Append($"const SERVICE = process.env.SERVICE_NAME || '{s.Name}';\n");
        t.Append($"const PORT = Number(process.env.PORT || {s.Port});\n\n");
        t.Append("const app = express();\napp.use(express.json());\n\n");
        t.Append("app.get('/health', (_req, res) => res.json({ status: 'ok', service: SERVICE }));\n");
        t.Append("app.post('/events', (req, res) => res.status(202).json({ accepted: true, type: req.body.type }));\n\n");
        t.Append("app.listen(PORT, () => console.log(`${SERVICE} listening on ${PORT}`));\n");
        _sink.End();

        _sink.WriteText(s.Dir + "/.dockerignore", "node_modules/\nnpm-debug.log\n.env\n");

        if (s.HasNodeModules)
        {
            _sink.WriteText(
                s.Dir + "/node_modules/.package-lock.json",
                $"{{\n  \"name\": \"{s.Name}\",\n  \"lockfileVersion\": 3,\n  \"packages\": {{}}\n}}\n",
                new SampleFileMeta(Ignored: true));
        }
    }

    private void WriteGoService(ServicePlan s, SampleRandom rng)
    {
        var goVersion = rng.Chance(70) ? "1.22" : "1.23";
        var t = _sink.Begin(s.Dir + "/Dockerfile", new SampleFileMeta(SampleFileKind.Dockerfile, FamilyGo, [VaryServiceName, VaryPort]));
        t.Append($"ARG GO_VERSION={goVersion}\n\n");
        t.Append("FROM golang:${GO_VERSION}-alpine AS build\n");
        t.Append("WORKDIR /src\n");
        t.Append("COPY go.mod ./\n");
        t.Append("RUN go mod download\n");
        t.Append("COPY . .\n");
        t.Append($"RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags=\"-s -w\" -o /out/{s.Name} .\n\n");
        t.Append("FROM gcr.io/distroless/static-debian12:nonroot\n");
        t.Append($"COPY --from=build /out/{s.Name} /usr/local/bin/{s.Name}\n");
        t.Append($"ENV PORT={s.Port}\n");
        t.Append($"EXPOSE {s.Port}\n");
        t.Append("USER nonroot:nonroot\n");
        t.Append($"ENTRYPOINT [\"/usr/local/bin/{s.Name}\"]\n");
        _sink.End();

        _sink.WriteText(s.Dir + "/go.mod", $"module example.com/agent-platform/{s.Name}\n\ngo {goVersion}\n");
        t = _sink.Begin(s.Dir + "/main.go");
        t.Append("package main\n\nimport (\n\t\"fmt\"\n\t\"log\"\n\t\"net/http\"\n\t\"os\"\n)\n\n");
        t.Append("func main() {\n\tport := os.Getenv(\"PORT\")\n\tif port == \"\" {\n");
        t.Append($"\t\tport = \"{s.Port}\"\n\t}}\n");
        t.Append("\thttp.HandleFunc(\"/health\", func(w http.ResponseWriter, _ *http.Request) {\n");
        t.Append("\t\tfmt.Fprintln(w, \"ok\")\n\t})\n");
        t.Append($"\tlog.Printf(\"{s.Name} listening on :%s\", port)\n");
        t.Append("\tlog.Fatal(http.ListenAndServe(\":\"+port, nil))\n}\n");
        _sink.End();
    }

    private void WriteWebService(ServicePlan s, SampleRandom rng)
    {
        var t = _sink.Begin(s.Dir + "/Dockerfile", new SampleFileMeta(SampleFileKind.Dockerfile, FamilyWeb, [VaryServiceName]));
        t.Append("FROM node:20-alpine AS build\n");
        t.Append("WORKDIR /app\n");
        t.Append("COPY package.json package-lock.json ./\n");
        t.Append("RUN npm ci\n");
        t.Append("COPY . .\n");
        t.Append("RUN npm run build\n\n");
        t.Append("FROM nginx:1.27-alpine\n");
        t.Append($"LABEL org.opencontainers.image.title=\"{s.Name}\"\n");
        t.Append("COPY nginx.conf /etc/nginx/conf.d/default.conf\n");
        t.Append("COPY --from=build /app/dist /usr/share/nginx/html\n");
        t.Append("EXPOSE 80\n");
        _sink.End();

        var vite = rng.Chance(50) ? "5.4.8" : "5.4.10";
        t = _sink.Begin(s.Dir + "/package.json");
        t.Append($"{{\n  \"name\": \"{s.Name}\",\n  \"version\": \"0.{rng.Next(10)}.0\",\n  \"private\": true,\n");
        t.Append("  \"scripts\": {\n    \"build\": \"vite build\"\n  },\n");
        t.Append($"  \"devDependencies\": {{\n    \"vite\": \"{vite}\"\n  }}\n}}\n");
        _sink.End();

        t = _sink.Begin(s.Dir + "/package-lock.json");
        t.Append($"{{\n  \"name\": \"{s.Name}\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {{\n");
        t.Append($"    \"node_modules/vite\": {{\n      \"version\": \"{vite}\",\n      \"dev\": true\n    }}\n  }}\n}}\n");
        _sink.End();

        // The same nginx.conf in every web service: an incidental exact-duplicate group.
        _sink.WriteText(
            s.Dir + "/nginx.conf",
            "server {\n    listen 80;\n    root /usr/share/nginx/html;\n    index index.html;\n\n    location / {\n        try_files $uri /index.html;\n    }\n}\n");
        _sink.WriteText(
            s.Dir + "/index.html",
            $"<!doctype html>\n<html>\n  <head><title>{s.Name}</title></head>\n  <body>\n    <div id=\"app\"></div>\n    <script type=\"module\" src=\"/src/main.js\"></script>\n  </body>\n</html>\n");
        _sink.WriteText(
            s.Dir + "/src/main.js",
            $"document.querySelector('#app').textContent = '{s.Name}';\n");
    }

    private static readonly string[] ExperimentTopics =
    [
        "rag-eval", "lora-finetune", "vector-bench", "prompt-cache", "gpu-inference", "reranker", "distill", "long-context",
    ];

    private void WriteExperiments(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var rng = SampleRandom.Derive(_seed, 200, (ulong)i);
            var topic = ExperimentTopics[i % ExperimentTopics.Length] + (i >= ExperimentTopics.Length ? "-" + ((i / ExperimentTopics.Length) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
            var dir = "experiments/" + topic;
            const string Dead = "experiment: no compose file, workflow, Makefile or script builds it";
            if (i % 2 == 0)
            {
                var t = _sink.Begin(dir + "/Dockerfile", new SampleFileMeta(SampleFileKind.Dockerfile, FamilyJupyter, [VaryTopic, VaryPackages], DeadReason: Dead));
                t.Append($"# Scratch notebook image for the {topic} experiment.\n");
                t.Append("FROM python:3.11-slim\n");
                t.Append($"RUN pip install --no-cache-dir jupyterlab==4.2.5 pandas==2.2.3 {(rng.Chance(50) ? "matplotlib==3.9.2" : "seaborn==0.13.2")}\n");
                t.Append("WORKDIR /workspace\n");
                t.Append("COPY notebooks/ ./notebooks/\n");
                t.Append("EXPOSE 8888\n");
                t.Append("CMD [\"jupyter\", \"lab\", \"--ip=0.0.0.0\", \"--no-browser\", \"--allow-root\"]\n");
                _sink.End();
                _sink.WriteText(dir + "/notebooks/README.md", $"# {topic}\n\nNotebooks for the {topic} experiment. Not deployed.\n");
            }
            else
            {
                var t = _sink.Begin(dir + "/Dockerfile", new SampleFileMeta(SampleFileKind.Dockerfile, FamilyCuda, [VaryTopic, VaryPackages], DeadReason: Dead));
                t.Append("FROM nvidia/cuda:12.2.2-runtime-ubuntu22.04\n");
                t.Append("RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip && rm -rf /var/lib/apt/lists/*\n");
                t.Append($"WORKDIR /opt/{topic}\n");
                t.Append($"RUN pip3 install --no-cache-dir torch==2.4.1 {(rng.Chance(50) ? "transformers==4.45.1" : "vllm==0.6.2")}\n");
                t.Append("COPY train.py .\n");
                t.Append("CMD [\"python3\", \"train.py\"]\n");
                _sink.End();
                _sink.WriteText(dir + "/train.py", $"\"\"\"{topic}: throwaway training loop.\"\"\"\nimport torch\n\nprint(\"cuda available:\", torch.cuda.is_available())\n");
            }
        }
    }
}
