package banyan.legacy.migration.web;

import java.util.List;

import banyan.legacy.migration.Gate;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A route's gate, as the form shows it. */
public class GateForm {

	@NotNull
	@Pattern(regexp = "\\s*\\d{1,3}(\\s*,\\s*\\d{1,3})*\\s*", message = "must be weights separated by commas")
	private String schedule = "0, 5, 25, 50, 100";

	@NotNull
	@Min(1)
	@Max(10_080)
	private Integer windowMinutes = 60;

	@NotNull
	@Min(1)
	@Max(1_000_000)
	private Integer minSamples = 50;

	@NotNull
	@DecimalMin("0")
	@DecimalMax("1")
	private Double maxMismatchRate = 0.05;

	@NotNull
	@DecimalMin("0")
	@DecimalMax("1")
	private Double maxErrorRate = 0.01;

	@NotNull
	@Min(1)
	@Max(600_000)
	private Long maxP95Millis = 1_000L;

	@NotNull
	@DecimalMin("0")
	@DecimalMax("1")
	private Double fieldAbsoluteThreshold = 0.03;

	@NotNull
	@DecimalMin("0")
	@DecimalMax("100")
	private Double fieldRelativeThreshold = 0.2;

	static GateForm of(Gate gate) {
		GateForm form = new GateForm();
		form.setSchedule(CommaSeparated.of(gate.schedule()));
		form.setWindowMinutes(gate.windowMinutes());
		form.setMinSamples(gate.minSamples());
		form.setMaxMismatchRate(gate.maxMismatchRate());
		form.setMaxErrorRate(gate.maxErrorRate());
		form.setMaxP95Millis(gate.maxP95Millis());
		form.setFieldAbsoluteThreshold(gate.fieldAbsoluteThreshold());
		form.setFieldRelativeThreshold(gate.fieldRelativeThreshold());
		return form;
	}

	List<Integer> schedule() {
		return CommaSeparated.items(this.schedule).stream().map(Integer::valueOf).toList();
	}

	Gate gate() {
		return new Gate(schedule(), this.windowMinutes, this.minSamples, this.maxMismatchRate, this.maxErrorRate,
				this.maxP95Millis, this.fieldAbsoluteThreshold, this.fieldRelativeThreshold);
	}

	public String getSchedule() {
		return this.schedule;
	}

	public void setSchedule(String schedule) {
		this.schedule = schedule;
	}

	public Integer getWindowMinutes() {
		return this.windowMinutes;
	}

	public void setWindowMinutes(Integer windowMinutes) {
		this.windowMinutes = windowMinutes;
	}

	public Integer getMinSamples() {
		return this.minSamples;
	}

	public void setMinSamples(Integer minSamples) {
		this.minSamples = minSamples;
	}

	public Double getMaxMismatchRate() {
		return this.maxMismatchRate;
	}

	public void setMaxMismatchRate(Double maxMismatchRate) {
		this.maxMismatchRate = maxMismatchRate;
	}

	public Double getMaxErrorRate() {
		return this.maxErrorRate;
	}

	public void setMaxErrorRate(Double maxErrorRate) {
		this.maxErrorRate = maxErrorRate;
	}

	public Long getMaxP95Millis() {
		return this.maxP95Millis;
	}

	public void setMaxP95Millis(Long maxP95Millis) {
		this.maxP95Millis = maxP95Millis;
	}

	public Double getFieldAbsoluteThreshold() {
		return this.fieldAbsoluteThreshold;
	}

	public void setFieldAbsoluteThreshold(Double fieldAbsoluteThreshold) {
		this.fieldAbsoluteThreshold = fieldAbsoluteThreshold;
	}

	public Double getFieldRelativeThreshold() {
		return this.fieldRelativeThreshold;
	}

	public void setFieldRelativeThreshold(Double fieldRelativeThreshold) {
		this.fieldRelativeThreshold = fieldRelativeThreshold;
	}

}
