package banyan.legacy.migration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

/**
 * A list of numbers that rises: each greater than the one before ({@code 0, 5, 25, 50,
 * 100}). {@code null} and an empty list are other constraints' business.
 */
@Documented
@Constraint(validatedBy = Rising.Check.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface Rising {

	String message() default "must rise, as in 0, 5, 25, 50, 100";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** The check behind {@link Rising}. */
	final class Check implements ConstraintValidator<Rising, List<? extends @Nullable Number>> {

		@Override
		public boolean isValid(@Nullable List<? extends @Nullable Number> values, ConstraintValidatorContext context) {
			if (values == null) {
				return true;
			}
			for (int i = 1; i < values.size(); i++) {
				Number before = values.get(i - 1);
				Number value = values.get(i);
				if (before != null && value != null && value.longValue() <= before.longValue()) {
					return false;
				}
			}
			return true;
		}

	}

}
