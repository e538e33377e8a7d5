package com.orderdeskmcp.deploycheck;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The compose "monitoring" profile scrapes every app replica on its management port and loads the dashboard. */
class MonitoringTest {

    @Test
    void prometheusScrapesEachAppOnItsManagementPort() {
        Map<String, Object> config = Repo.yaml("infra/grafana/prometheus.yml");
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : Repo.list(config.get("scrape_configs"))) {
            Map<String, Object> j = Repo.map(job);
            jobs.put(Repo.string(j.get("job_name")), j);
        }
        assertThat(jobs).containsOnlyKeys(Contract.FRONT, Contract.WORKER);
        jobs.forEach((app, job) -> {
            assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
            List<Object> sd = Repo.list(job.get("dns_sd_configs"));
            assertThat(sd).as("replicas are found through DNS, so --scale needs no change").hasSize(1);
            Map<String, Object> dns = Repo.map(sd.getFirst());
            assertThat(Repo.list(dns.get("names"))).containsExactly(app);
            assertThat(dns.get("port")).isEqualTo(Contract.MANAGEMENT_PORTS.get(app));
        });
    }

    @Test
    void grafanaLoadsTheDashboardFromTheRepository() {
        Map<String, Object> compose = Repo.yaml("docker-compose.yml");
        Map<String, Object> grafana = Repo.at(compose, "services", "grafana");
        assertThat(Repo.list(grafana.get("volumes"))).map(String::valueOf)
                .contains("./infra/grafana/orderdesk.json:/var/lib/grafana/dashboards/orderdesk.json:ro");
        Map<String, Object> provider = Repo.map(Repo.list(Repo.yaml("infra/grafana/provisioning/dashboards/orderdesk.yml")
                .get("providers")).getFirst());
        assertThat(Repo.at(provider, "options").get("path")).isEqualTo("/var/lib/grafana/dashboards");
        Map<String, Object> datasource = Repo.map(Repo.list(Repo.yaml("infra/grafana/provisioning/datasources/prometheus.yml")
                .get("datasources")).getFirst());
        assertThat(datasource.get("type")).isEqualTo("prometheus");
        assertThat(Repo.list(Repo.at(compose, "services", "prometheus").get("volumes"))).map(String::valueOf)
                .anySatisfy(v -> assertThat(v).startsWith("./infra/grafana/prometheus.yml:"));
    }
}
