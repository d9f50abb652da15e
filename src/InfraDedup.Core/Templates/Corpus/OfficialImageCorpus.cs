namespace InfraDedup.Core.Templates.Corpus;

/// <summary>
/// A corpus shaped like an "official image" repository, written for measuring template inference: two hand-written
/// Scriban templates (a Python image and a Node image) with distro variants (debian, slim, alpine), a version table
/// with checksums and optional steps, rendered into 36 Dockerfiles at <c>&lt;image&gt;/&lt;version&gt;/&lt;variant&gt;/Dockerfile</c>.
/// The templates are then forgotten: inference must find at most twice as many and reproduce every file byte for byte.
/// </summary>
public static class OfficialImageCorpus
{
    /// <summary>Number of hand-written templates the corpus is rendered from.</summary>
    public const int OriginalTemplateCount = 2;

    /// <summary>The hand-written Python template.</summary>
    public const string PythonTemplate = """
        {{~ if distro == "alpine" ~}}
        FROM alpine:{{ alpine_version }}
        {{~ else if slim ~}}
        FROM debian:{{ suite }}-slim
        {{~ else ~}}
        FROM buildpack-deps:{{ suite }}
        {{~ end ~}}

        # make sure the interpreter we build is the one on PATH
        ENV PATH=/usr/local/bin:$PATH
        ENV LANG=C.UTF-8

        {{~ if distro == "alpine" ~}}
        # runtime dependencies
        RUN set -eux; \
        	apk add --no-cache \
        		ca-certificates \
        		tzdata \
        	;
        {{~ else if slim ~}}
        # runtime dependencies
        RUN set -eux; \
        	apt-get update; \
        	apt-get install -y --no-install-recommends \
        		ca-certificates \
        		netbase \
        		tzdata \
        	; \
        	rm -rf /var/lib/apt/lists/*
        {{~ end ~}}

        ENV PYTHON_VERSION={{ full_version }}
        ENV PYTHON_SHA256={{ sha256 }}

        RUN set -eux; \
        	\
        {{~ if distro == "alpine" ~}}
        	apk add --no-cache --virtual .build-deps \
        		bzip2-dev \
        		gcc \
        		libffi-dev \
        		make \
        		musl-dev \
        		openssl-dev \
        		zlib-dev \
        	; \
        {{~ else if slim ~}}
        	savedAptMark="$(apt-mark showmanual)"; \
        	apt-get update; \
        	apt-get install -y --no-install-recommends \
        		dpkg-dev \
        		gcc \
        		libbz2-dev \
        		libffi-dev \
        		libssl-dev \
        		make \
        		wget \
        		zlib1g-dev \
        	; \
        {{~ end ~}}
        	\
        	wget -O python.tar.xz "https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"; \
        	echo "$PYTHON_SHA256 *python.tar.xz" | sha256sum -c -; \
        	mkdir -p /usr/src/python; \
        	tar --extract --directory /usr/src/python --strip-components=1 --file python.tar.xz; \
        	rm python.tar.xz; \
        	\
        	cd /usr/src/python; \
        	./configure \
        		--enable-loadable-sqlite-extensions \
        {{~ if optimized ~}}
        		--enable-optimizations \
        		--with-lto \
        {{~ end ~}}
        		--enable-shared \
        		--with-ensurepip \
        	; \
        	make -j "$(nproc)"; \
        	make install; \
        	cd /; \
        	rm -rf /usr/src/python; \
        {{~ if distro == "alpine" ~}}
        	apk del --no-network .build-deps; \
        {{~ else if slim ~}}
        	apt-mark auto '.*' > /dev/null; \
        	[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \
        	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
        	rm -rf /var/lib/apt/lists/*; \
        {{~ end ~}}
        	\
        	python3 --version

        {{~ if legacy_setuptools ~}}
        # this version still bundles setuptools and wheel for older build backends
        RUN pip3 install --no-cache-dir setuptools=={{ setuptools_version }} wheel

        {{~ end ~}}
        # common symlinks
        RUN set -eux; \
        	for src in idle3 pip3 pydoc3 python3 python3-config; do \
        		dst="$(echo "$src" | tr -d 3)"; \
        		[ -e "/usr/local/bin/$src" ]; \
        		[ ! -e "/usr/local/bin/$dst" ]; \
        		ln -svT "$src" "/usr/local/bin/$dst"; \
        	done

        CMD ["python3"]

        """;

    /// <summary>The hand-written Node template.</summary>
    public const string NodeTemplate = """
        {{~ if alpine ~}}
        FROM alpine:{{ alpine_version }}
        {{~ else ~}}
        FROM debian:{{ suite }}{{ if slim }}-slim{{ end }}
        {{~ end ~}}

        ENV NODE_VERSION={{ full_version }}

        {{~ if alpine ~}}
        RUN addgroup -g 1000 node \
            && adduser -u 1000 -G node -s /bin/sh -D node \
            && apk add --no-cache \
                libstdc++ \
            && apk add --no-cache --virtual .build-deps \
                curl \
                tar \
                xz \
            && ARCH=x64 \
        {{~ else ~}}
        RUN groupadd --gid 1000 node \
          && useradd --uid 1000 --gid node --shell /bin/bash --create-home node

        RUN ARCH= && dpkgArch="$(dpkg --print-architecture)" \
            && case "${dpkgArch##*-}" in \
              amd64) ARCH='x64';; \
              arm64) ARCH='arm64';; \
              *) echo "unsupported architecture"; exit 1 ;; \
            esac \
        {{~ if slim ~}}
            && apt-get update && apt-get install -y --no-install-recommends ca-certificates curl xz-utils \
            && rm -rf /var/lib/apt/lists/* \
        {{~ end ~}}
        {{~ end ~}}
            && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz" \
            && echo "{{ sha256 }}  node-v$NODE_VERSION-linux-$ARCH.tar.xz" | sha256sum -c - \
            && tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner \
            && rm "node-v$NODE_VERSION-linux-$ARCH.tar.xz" \
        {{~ if alpine ~}}
            && apk del .build-deps \
        {{~ end ~}}
            && ln -s /usr/local/bin/node /usr/local/bin/nodejs \
            && node --version \
            && npm --version

        {{~ if yarn ~}}
        ENV YARN_VERSION={{ yarn_version }}

        RUN corepack enable \
            && corepack prepare yarn@$YARN_VERSION --activate \
            && yarn --version

        {{~ end ~}}
        {{~ if healthcheck ~}}
        HEALTHCHECK --interval=30s --timeout=3s CMD node -e "process.exit(0)"

        {{~ end ~}}
        COPY docker-entrypoint.sh /usr/local/bin/
        ENTRYPOINT ["docker-entrypoint.sh"]

        CMD [ "node" ]

        """;

    private static readonly (string Version, string Full)[] PythonVersions =
    [
        ("3.10", "3.10.15"), ("3.11", "3.11.10"), ("3.12", "3.12.7"), ("3.13", "3.13.0"),
    ];

    private static readonly (string Name, string Distro, string Suite, bool Slim)[] PythonVariants =
    [
        ("bookworm", "debian", "bookworm", false), ("slim-bookworm", "debian", "bookworm", true),
        ("slim-bullseye", "debian", "bullseye", true), ("alpine3.20", "alpine", "3.20", false),
    ];

    private static readonly (string Major, string Full, string? Yarn)[] NodeVersions =
    [
        ("18", "18.20.4", "1.22.22"), ("20", "20.18.0", "1.22.22"), ("22", "22.11.0", null), ("23", "23.1.0", null),
    ];

    private static readonly (string Name, bool Alpine, string Suite, bool Slim)[] NodeVariants =
    [
        ("bookworm", false, "bookworm", false), ("bookworm-slim", false, "bookworm", true), ("bullseye", false, "bullseye", false),
        ("bullseye-slim", false, "bullseye", true), ("alpine3.20", true, "3.20", false),
    ];

    /// <summary>One rendered file of the corpus with the template and parameters it came from.</summary>
    public sealed record CorpusFile(string Path, string TemplateName, IReadOnlyDictionary<string, TemplateValue> Parameters, byte[] Content);

    /// <summary>Renders the corpus (36 files), deterministic.</summary>
    public static IReadOnlyList<CorpusFile> Generate()
    {
        var files = new List<CorpusFile>();
        foreach (var (version, full) in PythonVersions)
        {
            foreach (var (name, distro, suite, slim) in PythonVariants)
            {
                var minor = int.Parse(version.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);
                var parameters = new Dictionary<string, TemplateValue>(StringComparer.Ordinal)
                {
                    ["distro"] = TemplateValue.Of(distro),
                    ["slim"] = TemplateValue.Of(slim),
                    ["suite"] = TemplateValue.Of(suite),
                    ["alpine_version"] = TemplateValue.Of(suite),
                    ["full_version"] = TemplateValue.Of(full),
                    ["sha256"] = TemplateValue.Of(Checksum("Python-" + full)),
                    ["optimized"] = TemplateValue.Of(distro != "alpine"),
                    ["legacy_setuptools"] = TemplateValue.Of(minor < 12),
                    ["setuptools_version"] = TemplateValue.Of(minor < 11 ? "65.5.1" : "69.5.1"),
                };
                files.Add(Render($"python/{version}/{name}/Dockerfile", "python", PythonTemplate, parameters));
            }
        }

        foreach (var (major, full, yarn) in NodeVersions)
        {
            foreach (var (name, alpine, suite, slim) in NodeVariants)
            {
                var parameters = new Dictionary<string, TemplateValue>(StringComparer.Ordinal)
                {
                    ["alpine"] = TemplateValue.Of(alpine),
                    ["slim"] = TemplateValue.Of(slim),
                    ["suite"] = TemplateValue.Of(suite),
                    ["alpine_version"] = TemplateValue.Of(suite),
                    ["full_version"] = TemplateValue.Of(full),
                    ["sha256"] = TemplateValue.Of(Checksum("node-v" + full + (alpine ? "-musl" : string.Empty))),
                    ["yarn"] = TemplateValue.Of(yarn is not null),
                    ["yarn_version"] = TemplateValue.Of(yarn ?? string.Empty),
                    ["healthcheck"] = TemplateValue.Of(!alpine && major != "23"),
                };
                files.Add(Render($"node/{major}/{name}/Dockerfile", "node", NodeTemplate, parameters));
            }
        }

        return files;
    }

    /// <summary>The corpus files as inference inputs.</summary>
    public static IReadOnlyList<TemplateInput> Inputs() => [.. Generate().Select(f => new TemplateInput(f.Path, f.Content))];

    private static CorpusFile Render(string path, string template, string source, Dictionary<string, TemplateValue> parameters) =>
        new(path, template, parameters, TemplateRenderer.Render(source, $"original/{template}.Dockerfile.sbn", parameters, TextLayout.Default, HeaderMode.None));

    private static string Checksum(string seed) => Apply.Hashing.Sha256(seed);
}
