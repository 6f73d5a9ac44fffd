package banyan.legacy.migration.web;

import java.util.List;

import banyan.contracts.migration.MigrationRouteSettings;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PUT /api/migrations/{id}}: a route's settings. Rules not given keep
 * their defaults (none ignored, no tolerance, not a search). A method that may change
 * data (POST, PUT, PATCH, DELETE) needs {@code mirrorUnsafeMethods: true}: the candidate
 * then receives those requests as well, and must treat them as a dry run.
 */
record MigrationRouteRequest(
		@NotNull @Pattern(regexp = "GET|HEAD|POST|PUT|PATCH|DELETE",
				message = "must be GET, HEAD, POST, PUT, PATCH or DELETE") String method,
		@NotNull @Pattern(regexp = "/api/[A-Za-z0-9/_-]{1,190}", message = "must be a path under /api/") String path,
		@NotNull @DecimalMin("0") @DecimalMax("100") Double mirrorPercentage,
		@Nullable @DecimalMin("0") @DecimalMax("100") Double noisePercentage,
		@NotNull @Min(0) @Max(100) Integer cutoverWeight,
		@Nullable @Size(max = 50) List<@Size(min = 1, max = 200) String> ignore,
		@Nullable @Size(max = 50) List<@Size(min = 1, max = 200) String> unordered,
		@Nullable @PositiveOrZero Double relativeTolerance, @Nullable @PositiveOrZero Double absoluteTolerance,
		@Nullable @Size(max = 200) String resultsPath, @Nullable @Size(max = 64) String idField,
		@Nullable @Min(1) @Max(100) Integer k,
		@NotNull @Pattern(regexp = "shadow|progressing|paused|rolled-back|done",
				message = "must be shadow, progressing, paused, rolled-back or done") String state,
		@Nullable Boolean mirrorUnsafeMethods) {

	/** Whether the route may mirror its method: one that only reads, or the opt-in. */
	boolean mirrorAllowed() {
		return MigrationRouteSettings.readsOnly(this.method) || Boolean.TRUE.equals(this.mirrorUnsafeMethods);
	}

}
