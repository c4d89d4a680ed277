# Sourced by ./mvnw and ./phalanx: exports JAVA_HOME pointing at a JDK of version 21 or newer.
# Looks, in order, at JAVA_HOME, the java on PATH, and the JDKs installed under the usual
# system folders (the newest wins there). Prints why and returns 1 when none is found.

phalanx_min_java=21

# Prints the feature version (17, 21, 25, ...) of the JDK whose home is $1, or nothing.
phalanx_jdk_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1)
  case "$v" in
    1.*) echo "${v#1.}" | cut -d. -f1 ;;
    '') return 1 ;;
    *) echo "${v%%.*}" ;;
  esac
}

phalanx_find_jdk() {
  local candidate version best="" best_version=0
  if [ -n "${JAVA_HOME:-}" ]; then
    version=$(phalanx_jdk_version "$JAVA_HOME")
    if [ -n "$version" ] && [ "$version" -ge "$phalanx_min_java" ]; then
      echo "$JAVA_HOME"; return 0
    fi
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(readlink -f "$(command -v java)")
    candidate=${candidate%/bin/java}
    version=$(phalanx_jdk_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge "$phalanx_min_java" ]; then
      echo "$candidate"; return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] || continue
    [ -L "$candidate" ] && continue
    version=$(phalanx_jdk_version "$candidate") || continue
    if [ -n "$version" ] && [ "$version" -ge "$phalanx_min_java" ] && [ "$version" -gt "$best_version" ]; then
      best=$candidate; best_version=$version
    fi
  done
  if [ -n "$best" ]; then
    echo "$best"; return 0
  fi
  return 1
}

if phalanx_jdk_home=$(phalanx_find_jdk); then
  export JAVA_HOME="$phalanx_jdk_home"
  export PATH="$JAVA_HOME/bin:$PATH"
  PHALANX_JDK_FEATURE=$(phalanx_jdk_version "$JAVA_HOME")
  # Maven 3.9's libraries call sun.misc.Unsafe, which JDK 24+ warns about on every run.
  if [ "$PHALANX_JDK_FEATURE" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
else
  echo "Phalanx needs a JDK of version $phalanx_min_java or newer, and none was found" >&2
  echo "(looked at JAVA_HOME='${JAVA_HOME:-}', the java on PATH, and /usr/lib/jvm, /usr/java, /opt/java," >&2
  echo " ~/.sdkman/candidates/java, ~/.jdks, /Library/Java/JavaVirtualMachines)." >&2
  echo "Install one (for example Temurin 21 or 25) and set JAVA_HOME to it." >&2
  return 1 2>/dev/null || exit 1
fi
