package io.jobwarden.server.dashboard;

import static io.jobwarden.server.dashboard.DashboardInstance.OPERATOR;
import static io.jobwarden.server.dashboard.DashboardInstance.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real headless Chromium against a real instance: sign in, the example job, trigger it and read
 * the new run's output, a failed run's stack trace, pause, resume and delete, the overview, and a viewer who cannot
 * trigger. Each step leaves a screenshot in {@code target/dashboard-screenshots/}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} (CI installs them); without them the test fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90)
class DashboardEndToEndTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static DashboardInstance instance;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        for (Path tool : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertThat(Files.isExecutable(tool))
                    .as(
                            "%s is needed to test the dashboard in a real browser: apt-get install chromium chromium-driver (.ci/run does this in CI)",
                            tool)
                    .isTrue();
        }
        Files.createDirectories(SCREENSHOTS);
        instance = DashboardInstance.start(dir.resolve("instance"), DashboardInstance.TOKENS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1366,768",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (instance != null) instance.close();
    }

    @Test
    @Order(1)
    void asksForATokenAndRefusesAWrongOne() {
        browser.get(instance.url("/"));
        WebElement token = visible(By.id("token"));
        screenshot("01-sign-in");

        token.sendKeys("not-a-token");
        browser.findElement(By.id("login-submit")).click();
        eventually(() -> assertThat(text(By.id("login-error"))).isEqualTo("That token is not accepted."));
        assertThat(browser.findElement(By.id("tabs")).isDisplayed()).isFalse();
    }

    @Test
    @Order(2)
    void anOperatorSeesTheExampleJobWithItsSchedule() {
        signIn(OPERATOR);
        assertThat(text(By.id("identity"))).contains("ops", "operator");
        // The token stays in this tab's session storage: never in the URL, a cookie or local storage.
        assertThat(browser.getCurrentUrl()).doesNotContain(OPERATOR);
        assertThat(script("return sessionStorage.getItem('jobwarden.token')")).isEqualTo(OPERATOR);
        assertThat(script("return localStorage.length + ':' + document.cookie")).isEqualTo("0:");

        open("Jobs");
        assertThat(text(row("hello"))).contains("*/5 * * * * ?", "every 5 seconds", "UTC", "shell · default");
        eventually(() -> assertThat(browser.findElements(By.cssSelector("tr[data-job='hello'] .next div")))
                .hasSize(2));
        assertThat(text(row("tmp-cleanup")))
                .contains("paused", "Removes <b id=\"injected\">old</b> temp files <img src=x id=\"injected-img\">");
        assertThat(browser.findElements(By.id("injected")))
                .as("markup from the API is shown as text, never parsed")
                .isEmpty();
        assertThat(browser.findElements(By.id("injected-img"))).isEmpty();
        assertThat(text(row("nightly-export"))).contains("America/New_York", "java · reports", "never run");
        eventually(() -> assertThat(text(row("hello"))).contains("succeeded"));
        screenshot("02-jobs");
    }

    @Test
    @Order(3)
    void triggeringTheExampleJobShowsTheNewRunWithItsOutput() {
        open("Jobs");
        click(action("hello", "trigger"));
        eventually(() -> assertThat(text(By.id("toasts"))).contains("Triggered hello"));

        click(By.cssSelector("tr[data-job='hello'] a.job-id"));
        eventually(() -> assertThat(browser.getCurrentUrl()).endsWith("#runs?job=hello"));
        eventually(() -> browser.findElements(By.cssSelector("#runs-table tbody tr")).stream()
                .filter(r ->
                        r.getText().contains("manual trigger") && r.getText().contains("succeeded"))
                .findFirst()
                .orElseThrow()
                .click());
        eventually(() -> {
            String detail = text(By.id("run-detail"));
            assertThat(detail).contains("hello", "succeeded", "manual trigger", "dashboard@test", "Exit code");
            assertThat(text(By.cssSelector("#run-detail pre.output"))).startsWith("hello, fired for ");
        });
        assertThat(browser.findElements(By.cssSelector("#run-detail pre.trace")))
                .isEmpty();
        screenshot("03-run-output");

        // The page refreshes itself: the open run stays open while newer runs arrive.
        long newestBefore = newestRunId();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> newestRunId() > newestBefore);
        assertThat(text(By.cssSelector("#run-detail pre.output"))).startsWith("hello, fired for ");
        assertThat(browser.findElements(By.cssSelector("#runs-table tr.selected")))
                .hasSize(1);
    }

    @Test
    @Order(4)
    void aFailedRunStandsOutAndShowsItsStackTrace() {
        open("Jobs");
        click(action("nightly-export", "trigger"));
        open("Runs");
        By failed = By.cssSelector("#runs-table tr.run-FAILED");
        eventually(() -> assertThat(text(failed)).contains("nightly-export", "failed"));
        assertThat(
                        script(
                                "return getComputedStyle(document.querySelector('#runs-table tr.run-FAILED td')).backgroundColor"))
                .as("a failed run stands out")
                .isNotEqualTo(
                        script(
                                "return getComputedStyle(document.querySelector('#runs-table tr.run-SUCCEEDED td')).backgroundColor"));
        click(failed);
        eventually(() -> {
            String trace = text(By.cssSelector("#run-detail pre.trace"));
            assertThat(trace)
                    .contains(
                            "java.lang.IllegalStateException: " + FailingExport.MESSAGE,
                            "at " + FailingExport.class.getName() + ".run(",
                            "Caused by: java.net.ConnectException: Connection refused");
        });
        assertThat(text(By.cssSelector("#run-detail .detail-head"))).contains("nightly-export", "failed");
        assertThat(text(By.cssSelector("#run-detail pre.output"))).contains("exporting yesterday's orders");
        screenshot("04-failed-run");
    }

    @Test
    @Order(5)
    void anOperatorPausesResumesAndDeletes() {
        open("Jobs");
        click(action("nightly-report", "pause"));
        eventually(() -> assertThat(text(row("nightly-report"))).contains("paused", "Resume"));
        assertThat(instance.engine.job("nightly-report").orElseThrow().paused()).isTrue();
        click(action("nightly-report", "resume"));
        eventually(() -> assertThat(text(row("nightly-report"))).contains("active", "Pause"));
        assertThat(instance.engine.job("nightly-report").orElseThrow().paused()).isFalse();

        // A trigger of a paused job waits in its run history as scheduled, with no run to open, until resumed.
        click(action("tmp-cleanup", "trigger"));
        click(By.cssSelector("tr[data-job='tmp-cleanup'] a.job-id"));
        eventually(() -> assertThat(browser.getCurrentUrl()).endsWith("#runs?job=tmp-cleanup"));
        eventually(() -> assertThat(text(By.cssSelector("#runs-table tbody tr.waiting")))
                .contains("waiting", "tmp-cleanup", "scheduled", "when the job is resumed")
                .doesNotContain("null"));
        assertThat(browser.findElements(By.cssSelector("#runs-table tbody tr.waiting[data-run]")))
                .isEmpty();
        screenshot("05-waiting-fire");
        open("Jobs");

        click(action("tmp-cleanup", "delete"));
        assertThat(browser.switchTo().alert().getText()).contains("Delete job tmp-cleanup");
        browser.switchTo().alert().accept();
        eventually(() -> assertThat(browser.findElements(row("tmp-cleanup"))).isEmpty());
        assertThat(instance.engine.job("tmp-cleanup")).isEmpty();
    }

    @Test
    @Order(6)
    void theOverviewShowsHealthActivityAndNodes() {
        open("Overview");
        eventually(() -> {
            assertThat(text(By.id("card-health"))).contains("UP");
            assertThat(browser.findElements(By.cssSelector("#chart svg rect.bar-ok")))
                    .isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("#chart svg rect.bar-failed")))
                    .isNotEmpty();
            assertThat(text(By.cssSelector("#card-failures .stat-value"))).isEqualTo("1");
        });
        assertThat(text(By.id("health-table"))).contains("store", "scheduler", "diskSpace");
        assertThat(text(By.id("nodes-table"))).contains("dashboard@test", "this node");
        assertThat(text(By.id("card-lateness"))).containsPattern("\\d");
        assertThat(text(By.id("health-pill"))).isEqualTo("UP");
        screenshot("05-overview");

        // Nothing came from elsewhere: every script, style and image is served by the instance itself.
        Object origins = script(
                "return [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).origin))]");
        assertThat(origins).asList().containsExactly(instance.server.url().toString());
    }

    @Test
    @Order(7)
    void aViewerSeesEverythingButCannotTrigger() {
        click(By.id("logout"));
        visible(By.id("token"));
        assertThat(script("return sessionStorage.getItem('jobwarden.token')")).isNull();
        signIn(VIEWER);
        assertThat(text(By.id("identity"))).contains("wallboard", "viewer");

        open("Jobs");
        visible(action("hello", "trigger"));
        assertThat(
                        script(
                                "return [...document.querySelectorAll('button[data-action]')].map(b => b.disabled + ' ' + b.title)"))
                .asList()
                .hasSize(9)
                .containsOnly("true Needs an operator token");
        assertThat(text(By.id("view-jobs"))).contains("Read-only");
        screenshot("06-viewer");

        // And the server refuses the viewer's token whatever the page shows.
        Object status = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/jobs/hello/trigger', {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: 'Bearer ' + sessionStorage.getItem('jobwarden.token')}})"
                + ".then(r => done(r.status), e => done(String(e)));");
        assertThat(status).isEqualTo(403L);
        assertThat(instance.engine.runs("hello", 500, null))
                .filteredOn(r -> "manual trigger".equals(r.note()))
                .hasSize(1);
        assertThat(pageErrors()).isEmpty();
    }

    @Test
    @Order(8)
    void withoutTokensConfiguredThePageNeedsNoSignIn() {
        try (DashboardInstance open = DashboardInstance.start(dir.resolve("open"), List.of())) {
            browser.get(open.url("/#jobs"));
            visible(By.id("tabs"));
            assertThat(text(By.id("identity"))).isEqualTo("open access");
            assertThat(browser.findElement(By.id("logout")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
            assertThat(visible(By.cssSelector("tr[data-job='hello'] button[data-action='trigger']"))
                            .isEnabled())
                    .isTrue();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static void signIn(String token) {
        WebElement field = visible(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("login-submit")).click();
        visible(By.id("tabs"));
    }

    private static void open(String tab) {
        browser.findElement(By.linkText(tab)).click();
        visible(By.id("view-" + tab.toLowerCase()));
    }

    private static By row(String jobId) {
        return By.cssSelector("tr[data-job='" + jobId + "']");
    }

    private static By action(String jobId, String action) {
        return By.cssSelector("tr[data-job='" + jobId + "'] button[data-action='" + action + "']");
    }

    private static long newestRunId() {
        return Long.parseLong(
                String.valueOf(script("return document.querySelector('#runs-table tbody tr').dataset.run")));
    }

    /** The page re-renders what changed every few seconds: assertions and clicks are retried on a replaced element. */
    private static void eventually(ThrowingRunnable assertion) {
        // One matcher: Awaitility keeps only the last ignoreExceptionsInstanceOf of a chain.
        await().atMost(PATIENCE)
                .ignoreExceptionsMatching(e -> e instanceof StaleElementReferenceException
                        || e instanceof NoSuchElementException
                        || e instanceof java.util.NoSuchElementException)
                .untilAsserted(assertion);
    }

    /**
     * A toast (bottom right, gone after 4 s) may lie over a row's buttons at the table's right edge for a moment, as
     * it would for a user, who waits or clicks it away: a click it intercepts is tried again.
     */
    private static void click(By by) {
        await().atMost(PATIENCE)
                .ignoreExceptionsMatching(e -> e instanceof StaleElementReferenceException
                        || e instanceof NoSuchElementException
                        || e instanceof ElementClickInterceptedException)
                .untilAsserted(() -> visible(by).click());
    }

    private static WebElement visible(By by) {
        return await().atMost(PATIENCE)
                .ignoreExceptionsMatching(
                        e -> e instanceof NoSuchElementException || e instanceof StaleElementReferenceException)
                .until(() -> browser.findElement(by), WebElement::isDisplayed);
    }

    /** The element's text, read again if a refresh replaced it meanwhile. */
    private static String text(By by) {
        for (int i = 0; ; i++) {
            try {
                return visible(by).getText();
            } catch (StaleElementReferenceException e) {
                if (i == 5) throw e;
            }
        }
    }

    private static Object script(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    /** Errors the page logged, less the refusals this test provoked on purpose (a wrong token, the viewer's POST). */
    private static List<String> pageErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("status of 401") && !m.contains("status of 403"))
                .collect(Collectors.toList());
    }

    private static void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
