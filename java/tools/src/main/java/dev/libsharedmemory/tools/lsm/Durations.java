package dev.libsharedmemory.tools.lsm;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses --timeout values: {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h}, a plain number of seconds, or ISO-8601 ({@code PT5S}). */
final class Durations implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt") || text.startsWith("p")) {
                return nonNegative(Duration.parse(value.trim()), value);
            }
            String[][] units = {{"ms", "0.001"}, {"s", "1"}, {"m", "60"}, {"h", "3600"}};
            for (String[] unit : units) {
                if (text.endsWith(unit[0])) {
                    return seconds(text.substring(0, text.length() - unit[0].length()), new BigDecimal(unit[1]), value);
                }
            }
            return seconds(text, BigDecimal.ONE, value);
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 5s, 2m, 1h)");
        }
    }

    private static Duration seconds(String number, BigDecimal unit, String original) {
        BigDecimal nanos = new BigDecimal(number.trim()).multiply(unit).movePointRight(9);
        return nonNegative(Duration.ofNanos(nanos.longValueExact()), original);
    }

    private static Duration nonNegative(Duration duration, String original) {
        if (duration.isNegative()) {
            throw new TypeConversionException("'" + original + "' is negative");
        }
        return duration;
    }
}
