# syntax=docker/dockerfile:1
# PixTools: one image for every role (PIXTOOLS_ROLES=api | worker-standard | worker-ml | scheduler | migrate).

# --- build: the jar, with the tests left to CI ---------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY processors/pom.xml processors/
COPY ml/pom.xml ml/
COPY app/pom.xml app/
RUN ./mvnw -B -q dependency:go-offline
COPY processors processors
COPY ml ml
COPY routes routes
COPY webui webui
COPY app app
RUN ./mvnw -B -q -DskipTests package && cp app/target/pixtools-*.jar /pixtools.jar

# --- runtime: Debian 12 with libvips from the distribution, the Temurin 25 JRE, a non-root user --------------------
FROM eclipse-temurin:25-jre AS jre

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libvips42 curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
RUN groupadd --system --gid 10001 pixtools \
 && useradd --system --uid 10001 --gid pixtools --home-dir /var/lib/pixtools --create-home pixtools
# The jar extracted, with a JDK AOT cache recorded here, by the JVM that will run it, on a training run of the embedded
# default (app/launch.sh, which ./pixtools uses too): every role then starts in about a third of the time, with less
# memory (docs/benchmarks.md, sixteenth round).
COPY --chmod=0755 app/launch.sh /opt/pixtools/
COPY app/jvm.options app/container.jvm.options /opt/pixtools/
COPY processors/src/test/resources/images/camera.jpg /opt/pixtools/training.jpg
RUN --mount=type=bind,from=build,source=/pixtools.jar,target=/tmp/pixtools.jar \
    /opt/pixtools/launch.sh prepare /tmp/pixtools.jar /opt/pixtools/app /opt/pixtools/training.jpg \
      /opt/pixtools/jvm.options /opt/pixtools/container.jvm.options \
 && { test -s /opt/pixtools/app/pixtools.aot || { cat /opt/pixtools/app/aot-training.log >&2; exit 1; }; }
USER 10001:10001
WORKDIR /var/lib/pixtools
ENV SPRING_PROFILES_ACTIVE=distributed \
    PIXTOOLS_DATA_DIR=/var/lib/pixtools \
    PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/actuator/health/liveness" || exit 1
ENTRYPOINT ["/opt/pixtools/launch.sh", "start", "/opt/pixtools/app"]
