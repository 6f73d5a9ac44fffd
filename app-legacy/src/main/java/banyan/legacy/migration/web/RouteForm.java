package banyan.legacy.migration.web;

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

/** A route's settings, as the form shows them. */
public class RouteForm {

	private @Nullable String id;

	@NotNull
	@Pattern(regexp = "GET|HEAD|POST|PUT|PATCH|DELETE", message = "must be GET, HEAD, POST, PUT, PATCH or DELETE")
	private String method = "GET";

	private boolean mirrorUnsafeMethods;

	@NotNull
	@Pattern(regexp = "/api/[A-Za-z0-9/_-]{1,190}", message = "must be a path under /api/")
	private String path = "";

	@NotNull
	@DecimalMin("0")
	@DecimalMax("100")
	private Double mirrorPercentage = 0.0;

	@NotNull
	@DecimalMin("0")
	@DecimalMax("100")
	private Double noisePercentage = 0.0;

	@NotNull
	@Min(0)
	@Max(100)
	private Integer cutoverWeight = 0;

	@Size(max = 2_000)
	private String ignore = "";

	@Size(max = 2_000)
	private String unordered = "";

	@NotNull
	@PositiveOrZero
	private Double relativeTolerance = 0.0;

	@NotNull
	@PositiveOrZero
	private Double absoluteTolerance = 0.0;

	@Size(max = 200)
	private String resultsPath = "";

	@NotNull
	@Size(min = 1, max = 64)
	private String idField = "id";

	@NotNull
	@Min(1)
	@Max(100)
	private Integer k = 10;

	@NotNull
	@Pattern(regexp = "shadow|progressing|paused|rolled-back|done",
			message = "must be shadow, progressing, paused, rolled-back or done")
	private String state = "shadow";

	private @Nullable Long version;

	static RouteForm newRoute() {
		return new RouteForm();
	}

	static RouteForm of(MigrationRouteSettings route) {
		RouteForm form = new RouteForm();
		form.setId(route.id());
		form.setMethod(route.method());
		form.setMirrorUnsafeMethods(!MigrationRouteSettings.readsOnly(route.method()));
		form.setPath(route.path());
		form.setMirrorPercentage(route.mirrorPercentage());
		form.setNoisePercentage(route.noisePercentage());
		form.setCutoverWeight(route.cutoverWeight());
		form.setIgnore(CommaSeparated.of(route.ignore()));
		form.setUnordered(CommaSeparated.of(route.unordered()));
		form.setRelativeTolerance(route.relativeTolerance());
		form.setAbsoluteTolerance(route.absoluteTolerance());
		form.setResultsPath(route.resultsPath());
		form.setIdField(route.idField());
		form.setK(route.k());
		form.setState(route.state());
		form.setVersion(route.version());
		return form;
	}

	MigrationRouteSettings settings(String id) {
		return new MigrationRouteSettings(id, this.method, this.path, this.mirrorPercentage, this.noisePercentage,
				this.cutoverWeight, CommaSeparated.items(this.ignore), CommaSeparated.items(this.unordered),
				this.relativeTolerance, this.absoluteTolerance, this.resultsPath, this.idField, this.k, this.state, 0);
	}

	public @Nullable String getId() {
		return this.id;
	}

	public void setId(@Nullable String id) {
		this.id = id;
	}

	/**
	 * Whether the route may mirror its method: one that only reads, or the opt-in.
	 */
	boolean mirrorAllowed() {
		return MigrationRouteSettings.readsOnly(this.method) || this.mirrorUnsafeMethods;
	}

	public boolean isMirrorUnsafeMethods() {
		return this.mirrorUnsafeMethods;
	}

	public void setMirrorUnsafeMethods(boolean mirrorUnsafeMethods) {
		this.mirrorUnsafeMethods = mirrorUnsafeMethods;
	}

	public String getMethod() {
		return this.method;
	}

	public void setMethod(String method) {
		this.method = method;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Double getMirrorPercentage() {
		return this.mirrorPercentage;
	}

	public void setMirrorPercentage(Double mirrorPercentage) {
		this.mirrorPercentage = mirrorPercentage;
	}

	public Double getNoisePercentage() {
		return this.noisePercentage;
	}

	public void setNoisePercentage(Double noisePercentage) {
		this.noisePercentage = noisePercentage;
	}

	public Integer getCutoverWeight() {
		return this.cutoverWeight;
	}

	public void setCutoverWeight(Integer cutoverWeight) {
		this.cutoverWeight = cutoverWeight;
	}

	public String getIgnore() {
		return this.ignore;
	}

	public void setIgnore(String ignore) {
		this.ignore = ignore;
	}

	public String getUnordered() {
		return this.unordered;
	}

	public void setUnordered(String unordered) {
		this.unordered = unordered;
	}

	public Double getRelativeTolerance() {
		return this.relativeTolerance;
	}

	public void setRelativeTolerance(Double relativeTolerance) {
		this.relativeTolerance = relativeTolerance;
	}

	public Double getAbsoluteTolerance() {
		return this.absoluteTolerance;
	}

	public void setAbsoluteTolerance(Double absoluteTolerance) {
		this.absoluteTolerance = absoluteTolerance;
	}

	public String getResultsPath() {
		return this.resultsPath;
	}

	public void setResultsPath(String resultsPath) {
		this.resultsPath = resultsPath;
	}

	public String getIdField() {
		return this.idField;
	}

	public void setIdField(String idField) {
		this.idField = idField;
	}

	public Integer getK() {
		return this.k;
	}

	public void setK(Integer k) {
		this.k = k;
	}

	public String getState() {
		return this.state;
	}

	public void setState(String state) {
		this.state = state;
	}

	public @Nullable Long getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable Long version) {
		this.version = version;
	}

}
