package io.leadbridge.console;

import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.reporting.Bulletin;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Clock;
import java.time.YearMonth;

/**
 * The monthly bulletin (issue 18 point 4): a month picker, the bulletin's tables on the page (which prints as the html
 * format), and its xlsx and csv files; each export in the audit. Every console user reads it: the city office writes it
 * and the towns are ranked in it (it is sent round to them).
 */
@Controller
public class BulletinController {

    private final ConsoleUsers users;
    private final Bulletin bulletin;
    private final Clock clock;

    public BulletinController(ConsoleUsers users, Bulletin bulletin, Clock clock) {
        this.users = users;
        this.bulletin = bulletin;
        this.clock = clock;
    }

    @GetMapping("/console/bulletin")
    public String page(Authentication auth, Model model, @RequestParam(required = false) String month) {
        Viewer viewer = Viewer.of(auth, users);
        Bulletin.Document document = bulletin.of(month(month));
        model.addAttribute("viewer", viewer);
        model.addAttribute("document", document);
        model.addAttribute("lastMonth", lastMonth());
        return "console/bulletin";
    }

    @GetMapping("/console/bulletin/file")
    public ResponseEntity<byte[]> file(Authentication auth, @RequestParam(required = false) String month,
                                       @RequestParam String format) {
        Viewer viewer = Viewer.of(auth, users);
        Bulletin.Document document = bulletin.of(month(month));
        ResponseEntity<byte[]> file = bulletin.file(document, format);
        bulletin.exported(document, format, viewer.actor());
        return file;
    }

    /** The month asked, or last month (the one a bulletin is written for). */
    private YearMonth month(String month) {
        return month == null || month.isBlank() ? lastMonth() : Bulletin.month(month);
    }

    private YearMonth lastMonth() {
        return YearMonth.now(clock.withZone(io.leadbridge.config.ClockConfig.CITY_ZONE)).minusMonths(1);
    }
}
