package io.github.cceupgradearchiver.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.validation.MessageInterpolatorFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * Bean Validation of {@code archiver.*} (the annotations of {@link ArchiverProperties}) as it is bound, in the full
 * application ({@code archive}, {@code demo}) only: the commands that read the archive do not import this, and so
 * never bootstrap Hibernate Validator. Spring Boot's binder reports a violation as before (exit 2, naming the key).
 */
@Configuration(proxyBeanMethods = false)
public class ArchiveValidation {

    @Bean(EnableConfigurationProperties.VALIDATOR_BEAN_NAME)
    static Validator configurationPropertiesValidator() {
        // as Spring Boot builds its own for @Validated properties
        LocalValidatorFactoryBean beanValidation = new LocalValidatorFactoryBean();
        beanValidation.setMessageInterpolator(new MessageInterpolatorFactory().getObject());
        beanValidation.afterPropertiesSet();
        return new ArchiverPropertiesValidator(beanValidation);
    }

    /** Validates {@link ArchiverProperties} and its nested records, and no other properties. */
    record ArchiverPropertiesValidator(Validator beanValidation) implements Validator {

        @Override
        public boolean supports(Class<?> type) {
            return type == ArchiverProperties.class || type.getEnclosingClass() == ArchiverProperties.class;
        }

        @Override
        public void validate(Object target, Errors errors) {
            beanValidation.validate(target, errors);
        }
    }
}
