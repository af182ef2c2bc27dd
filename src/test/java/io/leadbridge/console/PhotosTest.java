package io.leadbridge.console;

import io.leadbridge.config.ConsolePhotos;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhotosTest {

    private final Photos photos = new Photos(new ConsolePhotos(List.of("https://Att.City.example", "http://10.0.0.5:8088/"),
            List.of(new ConsolePhotos.Rewrite("http://sgs-internal/", "https://att.city.example/"),
                    new ConsolePhotos.Rewrite("http://sgs-internal/demo/", "/demo/photos/"))));

    private static List<io.leadbridge.lead.Lead.Attachment> lead(String attachments) {
        return io.leadbridge.lead.Lead.parse("{\"attachments\":" + attachments + "}").attachments();
    }

    @Test
    void photosOnAnAllowedHostAreShownAndOthersAreLinks() throws Exception {
        assertThat(photos.of(lead("""
                [{"type":"photo","url":"https://att.city.example/1.jpg"},
                 {"type":"PHOTO","url":"http://10.0.0.5:8088/2.jpg"},
                 {"type":"photo","url":"https://att.city.example.evil.test/3.jpg"},
                 {"type":"photo","url":"javascript:alert(1)"},
                 {"type":"photo","url":"//att.city.example/4.jpg"},
                 {"type":"document","url":"https://att.city.example/5.pdf"},
                 {"url":"https://att.city.example/6.png?size=s"},
                 {"url":"https://att.city.example/7.pdf"}]""")))
                .containsExactly(new Photos.Photo("https://att.city.example/1.jpg", true, true),
                        new Photos.Photo("http://10.0.0.5:8088/2.jpg", true, true),
                        new Photos.Photo("https://att.city.example.evil.test/3.jpg", false, true),
                        new Photos.Photo("javascript:alert(1)", false, false),
                        new Photos.Photo("//att.city.example/4.jpg", false, false),
                        new Photos.Photo("https://att.city.example/6.png?size=s", true, true));
    }

    @Test
    void theLongestPrefixIsRewritten() throws Exception {
        assertThat(photos.of(lead("""
                [{"type":"photo","url":"http://sgs-internal/a/1.jpg"},{"type":"photo","url":"http://sgs-internal/demo/2.jpg"}]""")))
                .extracting(Photos.Photo::url, Photos.Photo::shown)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("https://att.city.example/a/1.jpg", true),
                        org.assertj.core.groups.Tuple.tuple("/demo/photos/2.jpg", true));
    }

    @Test
    void aLeadWithoutPhotosHasNone() throws Exception {
        assertThat(photos.of(lead("[]"))).isEmpty();
        assertThat(photos.of(null)).isEmpty();
    }

    @Test
    void aHostIsConfiguredAloneAndOverHttp() {
        assertThat(new ConsolePhotos(List.of(" https://Att.City.example:8443/ ", ""), null).hosts())
                .containsExactly("https://att.city.example:8443");
        assertThatThrownBy(() -> new ConsolePhotos(List.of("https://att.city.example/photos"), null))
                .hasMessageContaining("bridge.console.photos.hosts").hasMessageContaining("without a path");
        assertThatThrownBy(() -> new ConsolePhotos(List.of("att.city.example"), null))
                .hasMessageContaining("bridge.console.photos.hosts").hasMessageContaining("http(s)");
        assertThatThrownBy(() -> new ConsolePhotos(null, List.of(new ConsolePhotos.Rewrite("", "/x/"))))
                .hasMessageContaining("bridge.console.photos.rewrite");
    }

    @Test
    void theDemoDrawsTheSamePictureForTheSameName() throws Exception {
        byte[] one = io.leadbridge.demo.DemoPhotos.draw("1-0.jpg");
        assertThat(one).isEqualTo(io.leadbridge.demo.DemoPhotos.draw("1-0.jpg")).isNotEqualTo(io.leadbridge.demo.DemoPhotos.draw("1-1.jpg"));
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(one));
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(240);
    }
}
