package io.leadbridge.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Random;

/**
 * The demo's photos: the sample leads' attachments point to a host that does not exist (sgs.example.invalid), so the
 * demo profile rewrites them to here ({@code bridge.console.photos.rewrite}) and this draws a small picture of a shop
 * front for each name, the same picture for the same name. Only with {@code bridge.demo.photos=true} (the demo profile).
 */
@RestController
@ConditionalOnProperty(name = "bridge.demo.photos", havingValue = "true")
public class DemoPhotos {

    @GetMapping("/demo/photos/{name:[A-Za-z0-9._-]{1,64}}")
    public ResponseEntity<byte[]> photo(@PathVariable String name) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(CacheControl.maxAge(Duration.ofDays(1)))
                .body(draw(name));
    }

    /** A 320 × 240 JPEG: sky, a shop front in a colour of its own, a sign band, a door and windows. */
    public static byte[] draw(String name) {
        Random random = new Random(name.hashCode());
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(150, 190, 230), 0, 240, new Color(225, 235, 245)));
            g.fillRect(0, 0, 320, 240);
            Color wall = Color.getHSBColor(random.nextFloat(), 0.35f, 0.85f);
            int left = 20 + random.nextInt(40);
            int top = 40 + random.nextInt(40);
            g.setColor(wall);
            g.fillRect(left, top, 320 - 2 * left, 240 - top);
            g.setColor(Color.getHSBColor(random.nextFloat(), 0.8f, 0.7f));
            g.fillRect(left, top, 320 - 2 * left, 28);
            g.setColor(new Color(70, 60, 50));
            int door = 40 + random.nextInt(20);
            g.fillRect(160 - door / 2, 150, door, 90);
            g.setColor(new Color(200, 225, 240));
            g.fillRect(left + 15, 110, 60, 50);
            g.fillRect(320 - left - 75, 110, 60, 50);
            g.setColor(new Color(90, 90, 90));
            g.fillRect(0, 228, 320, 12);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
