# cce-upgrade-archiver container image: docs/deployment.md explains how to build, run and deploy it.
#
#   docker build -t cce-upgrade-archiver:0.1.0 .
#   docker run --rm cce-upgrade-archiver:0.1.0 --help
#
# The base images are pinned to one exact Temurin release on purpose: a floating tag (17-jre) would change
# the JVM under the archive between two builds of the same commit. Bump both stages together (they share
# TEMURIN_VERSION); pin a digest as well (eclipse-temurin:17.0.15_6-jre-jammy@sha256:...) where builds must be
# reproducible byte for byte. 17.0.15+6 is the OpenJDK update the project is developed and tested on.
ARG TEMURIN_VERSION=17.0.15_6

# ---- stage 1: build the jar and split it into layers ------------------------------------------------------
FROM eclipse-temurin:${TEMURIN_VERSION}-jdk-jammy AS build
WORKDIR /build

# The Maven wrapper and the POM first: the dependency layer below is rebuilt only when they change.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

# Then the sources: src/ (code, resources, tests, which -DskipTests still compiles) and db/ (Flyway migrations,
# packaged as classpath:db/migration by the POM).
COPY src/ src/
COPY db/ db/
RUN ./mvnw -B -q package -DskipTests

# Spring Boot's layered extraction (Boot 3.3+ "tools" jar mode; the older -Djarmode=layertools is deprecated in
# Boot 4). Without --launcher it writes, per layer, a plain jar whose manifest Class-Path names lib/*.jar:
#   dependencies/lib/*.jar   spring-boot-loader/ (empty)   snapshot-dependencies/ (empty unless a
#   -SNAPSHOT dependency is added)   application/cce-upgrade-archiver.jar
# so the runtime stage can start it with plain `java -jar`. (--launcher would instead extract the exploded
# BOOT-INF/ layout, which must be started as `java org.springframework.boot.loader.launch.JarLauncher`.)
RUN java -Djarmode=tools -jar target/cce-upgrade-archiver.jar extract --layers --destination /build/extracted

# ---- stage 2: the runtime image ----------------------------------------------------------------------------
FROM eclipse-temurin:${TEMURIN_VERSION}-jre-jammy

# (an ARG declared before the first FROM must be declared again to be used inside a stage)
ARG TEMURIN_VERSION
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
LABEL org.opencontainers.image.title="cce-upgrade-archiver" \
      org.opencontainers.image.description="Archives the upgrade-task history of Huawei Cloud CCE Autopilot clusters into PostgreSQL" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="docker.io/library/eclipse-temurin:${TEMURIN_VERSION}-jre-jammy" \
      org.opencontainers.image.documentation="docs/deployment.md"

# A fixed, non-root uid/gid, so that Kubernetes' runAsUser/runAsNonRoot and file ownership agree with the image.
# No home directory: the archiver reads its configuration from /config and the environment, and writes
# nothing but logs to stdout (and the JVM's own files to /tmp).
RUN groupadd --system --gid 10001 archiver \
 && useradd --system --uid 10001 --gid archiver --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin archiver

# A CJK TrueType font, so that PDF reports print Chinese cluster names, versions and phases as characters: the report
# finds it (or the one archiver.report.font names) and embeds the glyphs it uses. WenQuanYi Micro Hei has TrueType
# outlines, which PDFBox can embed; the Noto CJK fonts have PostScript (CFF) outlines, which it cannot.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Least likely to change first, so that a code change only replaces the last, small layer.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# A CDS archive (Class Data Sharing) of the classes start-up loads, from a training run: verify against no database
# loads the command line, Spring, the configuration and Flyway before it fails to connect, and the JVM writes the
# archive when it exits, whatever the exit code. The ENTRYPOINT below maps it (-XX:SharedArchiveFile): a short
# command starts with its classes already parsed and verified (docs/benchmarks.md: about a fifth of verify's CPU).
# Same JVM, same jar path and options as the ENTRYPOINT, which a CDS archive requires.
RUN java -XX:ArchiveClassesAtExit=/app/cce-upgrade-archiver.jsa -XX:MaxRAMPercentage=75 -XX:TieredStopAtLevel=1 \
         -jar /app/cce-upgrade-archiver.jar verify --spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none \
         > /dev/null 2>&1; test -s /app/cce-upgrade-archiver.jsa

# The witness directory (archiver.integrity.witness-dir) of docker-compose.yml: a new named volume takes this
# ownership, so that the non-root archiver can write it.
RUN mkdir /witness && chown 10001:10001 /witness

USER 10001:10001

# Exec form, no shell and no wrapper script: the JVM is PID 1 and receives SIGTERM itself, which starts the
# archiver's graceful stop (archiver.shutdown-grace). The heap follows the container's memory limit.
# TieredStopAtLevel=1 (the C1 compiler only): a run lasts seconds to minutes, waiting on the API most of that time;
# C2 would spend more CPU compiling than its faster code saves (docs/benchmarks.md: half the CPU of a sweep).
# bench/run.sh reads these options from this line (and makes the CDS archive as above), so the benchmark measures the
# archiver as the image runs it.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=/app/cce-upgrade-archiver.jsa", "-jar", "/app/cce-upgrade-archiver.jar"]
CMD ["archive"]
