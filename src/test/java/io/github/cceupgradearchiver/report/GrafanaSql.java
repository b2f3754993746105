package io.github.cceupgradearchiver.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A panel's SQL as Grafana's PostgreSQL data source sends it to the database: exactly the template variables and
 * macros the dashboards of deploy/grafana use, expanded as Grafana 11/12 expands them. Anything else left with a
 * {@code $} is an error, so a dashboard cannot use a macro this class does not know.
 * <p>
 * First the template variables, in the browser ({@code SqlDatasource.interpolateVariable} of Grafana's SQL data
 * sources): {@code $name} or {@code ${name}} of a multi-value or include-all variable becomes every selected value
 * as a quoted literal ({@code 'a','b'}, quotes doubled), for {@code IN ($cluster)}; of a single-value variable, the
 * value with its quotes doubled and no quotes around it. {@code ${name:sqlstring}} is always the quoted list.
 * <p>
 * Then the macros, in the server (pkg/tsdb/grafana-postgresql-datasource/macros.go, without TimescaleDB):
 * <ul>
 *   <li>{@code $__timeFilter(col)}: {@code col BETWEEN 'from' AND 'to'}, the range's ends in UTC as RFC 3339;</li>
 *   <li>{@code $__timeFrom()}, {@code $__timeTo()}: {@code 'from'}, {@code 'to'};</li>
 *   <li>{@code $__timeGroup(col, interval)}: {@code floor(extract(epoch from col)/s)*s}, s the interval's seconds
 *       ({@code 1d}, {@code 7d}: Grafana's interval syntax); {@code $__timeGroupAlias} adds {@code AS "time"}.</li>
 * </ul>
 */
final class GrafanaSql {

    /** A template variable's current selection; {@code multi} for multi-value or include-all variables. */
    record Variable(List<String> values, boolean multi) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)(?::(\\w+))?}");
    // as macros.go: a name, then arguments up to the first closing parenthesis
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");
    private static final Pattern LEFT_OVER = Pattern.compile("\\$\\{?\\w+");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)([smhdw])");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private GrafanaSql() {
    }

    static String expand(String sql, Map<String, Variable> variables, Instant from, Instant to) {
        String interpolated = VARIABLE.matcher(sql).replaceAll(match -> {
            String name = match.group(1) != null ? match.group(1) : match.group(2);
            Variable variable = variables.get(name);
            if (variable == null) {
                return Matcher.quoteReplacement(match.group()); // Grafana leaves what it does not know: $__ macros
            }
            String format = match.group(3);
            if (format != null && !format.equals("sqlstring")) {
                throw new IllegalArgumentException("variable format not implemented here: " + match.group());
            }
            String value = variable.multi() || format != null
                    ? variable.values().stream().map(GrafanaSql::quoteLiteral).collect(Collectors.joining(","))
                    : variable.values().get(0).replace("'", "''");
            return Matcher.quoteReplacement(value);
        });
        String expanded = MACRO.matcher(interpolated).replaceAll(match -> Matcher.quoteReplacement(
                macro(match.group(1), List.of(match.group(2).split(",", -1)).stream().map(String::strip).toList(), from, to)));
        Matcher leftOver = LEFT_OVER.matcher(expanded);
        if (leftOver.find()) {
            throw new IllegalArgumentException("not expanded: " + leftOver.group() + " in " + sql);
        }
        return expanded;
    }

    private static String macro(String name, List<String> args, Instant from, Instant to) {
        return switch (name) {
            case "__timeFilter" -> args.get(0) + " BETWEEN " + literal(from) + " AND " + literal(to);
            case "__timeFrom" -> literal(from);
            case "__timeTo" -> literal(to);
            case "__timeGroup" -> {
                String seconds = BigDecimal.valueOf(interval(args.get(1)).toMillis(), 3).stripTrailingZeros().toPlainString();
                yield "floor(extract(epoch from " + args.get(0) + ")/" + seconds + ")*" + seconds;
            }
            case "__timeGroupAlias" -> macro("__timeGroup", args, from, to) + " AS \"time\"";
            default -> throw new IllegalArgumentException("macro not implemented here: $" + name);
        };
    }

    private static Duration interval(String text) {
        Matcher interval = INTERVAL.matcher(text.replace("'", ""));
        if (!interval.matches()) {
            throw new IllegalArgumentException("interval not implemented here: " + text);
        }
        long amount = Long.parseLong(interval.group(1));
        return switch (interval.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }

    /** Go's time.RFC3339Nano of the instant in UTC: fraction without trailing zeros, none when zero. */
    private static String literal(Instant instant) {
        String fraction = instant.getNano() == 0 ? ""
                : ("." + String.format("%09d", instant.getNano())).replaceAll("0+$", "");
        return "'" + SECONDS.format(instant) + fraction + "Z'";
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
