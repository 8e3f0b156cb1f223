package io.pixtools.app.health;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

@Component
class DatabaseCheck implements DependencyCheck {

    private final JdbcTemplate jdbc;

    DatabaseCheck(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(3);
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public String check() throws Exception {
        Long jobs =
                jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE status IN ('PENDING', 'PROCESSING')", Long.class);
        return jobs + " jobs in progress";
    }
}
